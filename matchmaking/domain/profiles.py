"""Participants: the canonical fields, their normalisation and validation.

``validate_record`` turns one raw registration (a dict of canonical column names to cell
values) into a :class:`Participant`, or reports every problem with the column it is in.
It is used by every way a profile enters the system (file import, the app's profile page).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email

from matchmaking.domain.countries import normalise_country
from matchmaking.domain.taxonomy import STAGES, default_taxonomy, normalise_stage
from matchmaking.domain.text import (clean, clean_lines, control_characters, fold, has_visible,
                                     split_list)
from matchmaking.domain.vocabulary import KINDS  # re-exported: profiles.KINDS

Kind = Literal["startup", "investor", "partner"]

REQUIRED_FIELDS: tuple[str, ...] = ("kind", "organisation", "email")
LIST_FIELDS: tuple[str, ...] = ("country", "languages", "sectors", "stages")
# ``portfolio``: organisations the participant has backed or worked with, one per line
# (an investor's past investments, a partner's pilots); matching reads it as "more like these".
TEXT_FIELDS: tuple[str, ...] = ("about", "looking_for", "offering", "portfolio")
MAX_MEETINGS_LIMIT = 200
MAX_AMOUNT = 10**12  # a ticket above a trillion is a typo or an overflow, never an amount

_KIND_ALIASES = {
    "startup": "startup", "start up": "startup", "startups": "startup", "jeune pousse": "startup",
    "investor": "investor", "investisseur": "investor", "investors": "investor", "vc": "investor",
    "business angel": "investor", "fund": "investor", "fonds": "investor", "investisseuse": "investor",
    "partner": "partner", "partenaire": "partner", "corporate": "partner", "partners": "partner",
    "public": "partner", "public body": "partner", "organisme public": "partner",
    "incubator": "partner", "incubateur": "partner", "accelerator": "partner",
    "accelerateur": "partner",
}

_LANGUAGE_ALIASES = {
    "fr": "fr", "french": "fr", "francais": "fr", "frances": "fr", "الفرنسية": "fr",
    "en": "en", "english": "en", "anglais": "en", "ingles": "en", "الإنجليزية": "en",
    "الانجليزية": "en",
    "ar": "ar", "arabic": "ar", "arabe": "ar", "العربية": "ar", "darija": "ar",
    "es": "es", "spanish": "es", "espagnol": "es", "espanol": "es", "castellano": "es",
    "de": "de", "german": "de", "allemand": "de", "it": "it", "italian": "it", "italien": "it",
    "pt": "pt", "portuguese": "pt", "portugais": "pt", "zh": "zh", "chinese": "zh",
    "chinois": "zh", "tzm": "tzm", "amazigh": "tzm", "tamazight": "tzm", "berbere": "tzm",
    "wo": "wo", "wolof": "wo",
}

_YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "si", "نعم", "x"}
_NO = {"no", "n", "non", "false", "faux", "0", "لا"}

_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
                "millions": 1_000_000, "mio": 1_000_000, "md": 1_000_000_000,
                "bn": 1_000_000_000, "b": 1_000_000_000}
_CURRENCY = re.compile(r"(€|\$|eur(os?)?|usd|mad|dhs?|dirhams?)", re.IGNORECASE)
_AMOUNT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>[a-z]*)$")


class FieldProblem(ValueError):
    """A value that cannot be accepted, with the canonical column it was found in."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Participant:
    kind: str
    organisation: str
    email: str
    contact_name: str = ""
    phone: str = ""
    country: list[str] = field(default_factory=list)
    city: str = ""
    languages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    ticket_min: int | None = None
    ticket_max: int | None = None
    about: str = ""
    looking_for: str = ""
    offering: str = ""
    portfolio: str = ""
    website: str = ""
    booth: str = ""
    max_meetings: int | None = None
    consent: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CANONICAL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Participant))


def normalise_email(value: object) -> str:
    """The key an e-mail is compared by: trimmed and lower-cased, nothing more. Unicode
    case-folding would turn ``Groß@`` into ``gross@``, another mailbox."""
    return clean(value).lower()


def parse_kind(value: object) -> str:
    kind = _KIND_ALIASES.get(fold(value))
    if kind is None:
        raise FieldProblem("kind", f"unknown kind {clean(value)!r} (expected one of: "
                                   f"{', '.join(KINDS)})")
    return kind


def parse_email(value: object) -> str:
    text = clean(value)
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise FieldProblem("email", f"invalid e-mail {text!r}: {error}") from None
    return normalise_email(text)


def parse_amount(value: object, column: str) -> int | None:
    """A whole amount from ``150000``, ``150 000``, ``150,000``, ``150k``, ``1,5 M€`` ..."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FieldProblem(column, f"not an amount: {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _CURRENCY.sub("", clean(value).replace("\u202f", " ").replace("\xa0", " "))
        text = text.strip().lower()
        if re.fullmatch(r"\d{1,3}([ .,']\d{3})+", text):  # thousands separators
            text = re.sub(r"[ .,']", "", text)
        text = text.replace(" ", "")
        match = _AMOUNT.match(text)
        if not match or (match["unit"] and match["unit"] not in _MULTIPLIERS):
            raise FieldProblem(column, f"not a number: {clean(value)!r}")
        number = float(match["number"].replace(",", "."))
        number *= _MULTIPLIERS.get(match["unit"], 1)
    if not math.isfinite(number) or number < 0:
        raise FieldProblem(column, f"amount must be a number of zero or more, got "
                                   f"{clean(value)!r}")
    if number > MAX_AMOUNT:
        raise FieldProblem(column, f"amount {clean(value)!r} is too large (more than "
                                   f"{MAX_AMOUNT:,})")
    return int(round(number))


def parse_positive_int(value: object, column: str, limit: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(clean(value).replace(",", ".")) if not isinstance(value, (int, float)) \
            else float(value)
    except ValueError:
        raise FieldProblem(column, f"not a whole number: {clean(value)!r}") from None
    if not math.isfinite(number) or number != int(number) or not 0 <= number <= limit:
        raise FieldProblem(column, f"expected a whole number from 0 to {limit}, "
                                   f"got {clean(value)!r}")
    return int(number)


def _language_code(item: str) -> str | None:
    return _LANGUAGE_ALIASES.get(fold(item)) or _LANGUAGE_ALIASES.get(item.strip())


def parse_languages(value: object) -> list[str]:
    codes = []
    for item in split_list(value, known=lambda item: _language_code(item) is not None):
        code = _language_code(item)
        if code is None:
            raise FieldProblem("languages", f"unknown language {item!r} (use codes such as "
                                            "fr, en, ar, es or names such as French, Arabe)")
        if code not in codes:
            codes.append(code)
    return codes


def parse_stages(value: object) -> list[str]:
    stages = []
    for item in split_list(value, known=lambda item: normalise_stage(item) is not None):
        stage = normalise_stage(item)
        if stage is None:
            raise FieldProblem("stages", f"unknown stage {item!r} (expected one of: "
                                         f"{', '.join(STAGES)})")
        if stage not in stages:
            stages.append(stage)
    return sorted(stages, key=STAGES.index)


def parse_sectors(value: object) -> list[str]:
    """Taxonomy codes where a sector is known; anything else is kept as a free tag."""
    taxonomy = default_taxonomy()
    codes = []
    for item in split_list(value, known=lambda item: taxonomy.normalise(item)[1]):
        code, _known = taxonomy.normalise(item)
        if code and code not in codes:
            codes.append(code)
    return codes


def parse_countries(value: object) -> tuple[list[str], list[str]]:
    """ISO codes (or regions) for the names given; unknown names are kept as written and
    returned separately so the caller can warn about them."""
    codes, unknown = [], []
    for item in split_list(value, known=lambda item: normalise_country(item) is not None):
        code = normalise_country(item)
        if code is None:
            unknown.append(item)
            code = item
        if code not in codes:
            codes.append(code)
    return codes, unknown


def parse_consent(value: object) -> bool:
    if value is None or clean(value) == "":
        return True
    if isinstance(value, bool):
        return value
    key = fold(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise FieldProblem("consent", f"expected yes or no, got {clean(value)!r}")


def _unusable_cells(raw: dict[str, Any]) -> list[FieldProblem]:
    """Cells no field can take: a JSON object, a list where text is expected (or a list
    of lists), control characters."""
    problems = []
    for column, value in raw.items():
        items = value if isinstance(value, (list, tuple)) and column in LIST_FIELDS else [value]
        if isinstance(value, dict) or any(isinstance(v, (dict, list, tuple)) for v in items):
            shape = "an object" if isinstance(value, dict) else "a list"
            wanted = "a list of texts" if column in LIST_FIELDS else "text"
            problems.append(FieldProblem(column, f"expected {wanted}, got {shape}: "
                                                 f"{str(value)[:60]!r}"))
            continue
        bad = sorted({c for v in items for c in control_characters(v)})
        if bad:
            problems.append(FieldProblem(column, f"contains control characters "
                                                 f"({', '.join(bad)}): remove them"))
    return problems


def validate_record(raw: dict[str, Any]) -> tuple[Participant, list[FieldProblem], list[str]]:
    """Validate one registration given by canonical column names.

    Returns the participant (meaningful only when there are no problems), every problem
    found (not just the first, so a file can be fixed in one go) and warnings.
    """
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    values: dict[str, Any] = {}

    def attempt(column: str, parse: Any, *args: Any) -> None:
        try:
            values[column] = parse(raw.get(column), *args)
        except FieldProblem as problem:
            problems.append(problem)

    problems += _unusable_cells(raw)
    if problems:  # a structured or garbled cell is not read further
        return Participant(kind="", organisation="", email=""), problems, warnings
    for column in REQUIRED_FIELDS:
        if not has_visible(raw.get(column)):
            problems.append(FieldProblem(column, f"{column} is required and is empty"
                                         + (" (only invisible characters)"
                                            if clean(raw.get(column)) else "")))
    if clean(raw.get("kind")):
        attempt("kind", parse_kind)
    if clean(raw.get("email")):
        attempt("email", parse_email)
    values["organisation"] = clean(raw.get("organisation"))
    for column in ("contact_name", "phone", "city", "website", "booth", *TEXT_FIELDS):
        values[column] = clean(raw.get(column))
    values["portfolio"] = clean_lines(raw.get("portfolio"))  # one organisation per line
    attempt("languages", parse_languages)
    attempt("stages", parse_stages)
    attempt("sectors", parse_sectors)
    attempt("ticket_min", parse_amount, "ticket_min")
    attempt("ticket_max", parse_amount, "ticket_max")
    attempt("max_meetings", parse_positive_int, "max_meetings", MAX_MEETINGS_LIMIT)
    attempt("consent", parse_consent)
    countries, unknown = parse_countries(raw.get("country"))
    values["country"] = countries
    warnings += [f"unknown country {name!r} kept as written" for name in unknown]

    low, high = values.get("ticket_min"), values.get("ticket_max")
    if low is not None and high is not None and low > high:
        problems.append(FieldProblem(
            "ticket_min", f"ticket_min ({low}) is greater than ticket_max ({high})"))
    if values.get("kind") == "startup" and len(values.get("stages") or []) > 1:
        problems.append(FieldProblem(
            "stages", f"a start-up gives its own stage, one only; got {', '.join(values['stages'])}"))

    if problems:
        return Participant(kind="", organisation="", email=""), problems, warnings
    return Participant(**values), problems, warnings
