"""Reading registration files (CSV, XLSX, JSON) into validated participants.

Nothing here writes anything: :func:`read_registrations` either returns every participant
of a file, or raises :class:`InvalidRegistrations` listing every problem with its file,
row and column. Writing (all or nothing) is the storage layer's job.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from matchmaking.domain.profiles import (CANONICAL_FIELDS, Participant, normalise_email,
                                         validate_record)
from matchmaking.domain.text import clean, fold

DEFAULT_MAX_BYTES = 20_000_000  # 20 MB: far above any real event's registrations
SUPPORTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")

# Column names people actually use, in English and French, folded (see text.fold).
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("type", "categorie", "category", "profil", "profile", "participant type",
             "type de participant", "role"),
    "organisation": ("organization", "entreprise", "societe", "company", "structure",
                     "raison sociale", "nom de l entreprise", "organisme", "startup"),
    "email": ("e mail", "mail", "courriel", "adresse email", "adresse e mail", "email address"),
    "contact_name": ("contact", "nom", "name", "nom complet", "full name", "prenom nom",
                     "contact name", "nom du contact", "representant"),
    "phone": ("telephone", "tel", "mobile", "gsm", "phone number", "numero"),
    "country": ("pays", "countries", "country of operation", "pays d intervention"),
    "city": ("ville",),
    "languages": ("langues", "langue", "language", "langues parlees", "spoken languages"),
    "sectors": ("secteurs", "secteur", "sector", "industry", "industries", "thematiques",
                "domaines", "secteur d activite"),
    "stages": ("stage", "stade", "etape", "maturite", "maturity", "funding stage",
               "stade de developpement", "stade d investissement"),
    "ticket_min": ("ticket min", "ticket minimum", "montant min", "montant minimum",
                   "min ticket"),
    "ticket_max": ("ticket max", "ticket maximum", "montant max", "montant maximum",
                   "max ticket"),
    "about": ("description", "presentation", "qui sommes nous", "about us", "pitch", "a propos"),
    "looking_for": ("looking for", "nous recherchons", "recherche", "recherches",
                    "what we look for", "besoins", "ce que nous cherchons"),
    "offering": ("offer", "offre", "nous offrons", "what we offer", "ce que nous offrons"),
    "portfolio": ("portefeuille", "portfolio companies", "past investments", "investments",
                  "investissements", "participations", "references", "nos references",
                  "track record"),
    "website": ("site web", "site", "url", "web", "site internet"),
    "booth": ("stand",),
    "max_meetings": ("max meetings", "rendez vous max", "nombre max de rendez vous",
                     "max rdv", "rdv max"),
    "consent": ("consent listed", "consentement", "listed", "visible", "publier le profil",
                "annuaire"),
}
_COLUMN_LOOKUP: dict[str, str] = {fold(name): name for name in CANONICAL_FIELDS}
for _canonical, _aliases in _COLUMN_ALIASES.items():
    for _alias in _aliases:
        _COLUMN_LOOKUP.setdefault(_alias, _canonical)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, said so that a person can fix it."""

    file: str
    message: str
    row: int | None = None  # the spreadsheet row (header is row 1) or the JSON record (from 1)
    column: str | None = None
    row_label: str = "row"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.row_label} {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class InvalidRegistrations(Exception):
    """A registrations file that cannot be imported; ``problems`` lists everything wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem{'s' * (len(problems) > 2)})" \
            if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


@dataclass
class Registrations:
    """The validated content of one file."""

    file: str
    participants: list[Participant]
    columns: frozenset[str]  # the canonical columns the file has: only these get updated
    rows: list[int]  # the row (or record) each participant came from
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _RawTable:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number, cells)
    row_label: str = "row"


def read_registrations(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                       display_name: str | None = None) -> Registrations:
    """Read and validate a registrations file; raise InvalidRegistrations on any problem."""
    path = Path(path)
    name = display_name or path.name
    if not path.is_file():
        raise InvalidRegistrations([Problem(name, "file not found")])
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidRegistrations([Problem(
            name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")])
    return parse_registrations(path.read_bytes(), name)


def parse_registrations(content: bytes, name: str) -> Registrations:
    """Validate the bytes of a registrations file whose name gives its format."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidRegistrations([Problem(
            name, f"unsupported file type {suffix or '(none)'!r}: use .csv, .xlsx or .json")])
    if not content.strip():
        raise InvalidRegistrations([Problem(name, "the file is empty")])
    if suffix == ".xlsx":
        table = _read_xlsx(content, name)
    elif suffix == ".json":
        table = _read_json(content, name)
    else:
        table = _read_csv(content, name)
    return _validate_table(table, name)


def _looks_like(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        return "a ZIP archive (an XLSX workbook?)"
    if content.startswith(b"%PDF"):
        return "a PDF document"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel .xls / OLE document (save it as .xlsx or CSV)"
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "JSON"
    if b"\x00" in content[:4096]:
        return "a binary file"
    return "text (CSV?)"


def _decode(content: bytes, name: str) -> str:
    """UTF-8 (with or without Excel's BOM), else cp1252 as French-locale Excel writes."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidRegistrations([Problem(name, "cannot read the text: neither UTF-8 nor "
                                              "Windows-1252; save it as CSV UTF-8")])


def _read_csv(content: bytes, name: str) -> _RawTable:
    kind = _looks_like(content)
    if not kind.startswith("text") and kind != "JSON":
        raise InvalidRegistrations([Problem(name, f"this is not a CSV file: it looks like {kind}")])
    text = _decode(content, name)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise InvalidRegistrations([Problem(name, f"malformed CSV: {error}",
                                            row=reader.line_num)]) from None
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise InvalidRegistrations([Problem(name, "the file is empty")])
    rows = [(i + 1, r) for i, r in enumerate(records) if i > header_index and any(
        c.strip() for c in r)]
    return _RawTable(header=records[header_index], rows=rows)


def _read_xlsx(content: bytes, name: str) -> _RawTable:
    if not content.startswith(b"PK\x03\x04"):
        raise InvalidRegistrations([Problem(
            name, f"this is not an XLSX workbook: it looks like {_looks_like(content)}")])
    from openpyxl import load_workbook  # imported lazily: only XLSX imports need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidRegistrations([Problem(name, f"not a readable XLSX workbook ({error})")]) \
            from None
    try:
        sheet = workbook.worksheets[0]
        records = [(i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()
    records = [(i, r) for i, r in records if any(clean(c) for c in r)]
    if not records:
        raise InvalidRegistrations([Problem(name, "the workbook's first sheet is empty")])
    header = [clean(c) for c in records[0][1]]
    return _RawTable(header=header, rows=records[1:])


def _read_json(content: bytes, name: str) -> _RawTable:
    try:
        data = json.loads(_decode(content, name))
    except json.JSONDecodeError as error:
        raise InvalidRegistrations([Problem(
            name, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            + ("" if _looks_like(content) == "JSON" else f" (it looks like {_looks_like(content)})")
        )]) from None
    if isinstance(data, dict) and isinstance(data.get("participants"), list):
        data = data["participants"]
    if not isinstance(data, list):
        raise InvalidRegistrations([Problem(
            name, "expected a JSON list of participant objects, or {\"participants\": [...]}")])
    header: list[str] = []
    for record in data:
        if isinstance(record, dict):
            header += [k for k in record if k not in header]
    problems = [Problem(name, f"expected an object, got {type(r).__name__}", row=i,
                        row_label="record")
                for i, r in enumerate(data, 1) if not isinstance(r, dict)]
    if problems:
        raise InvalidRegistrations(problems)
    rows = [(i, [r.get(k) for k in header]) for i, r in enumerate(data, 1)]
    return _RawTable(header=header, rows=rows, row_label="record")


def canonical_column(name: str) -> str | None:
    """The canonical field a column header stands for (``Secteurs`` → ``sectors``)."""
    return _COLUMN_LOOKUP.get(fold(name))


def _validate_table(table: _RawTable, name: str) -> Registrations:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    positions: dict[str, int] = {}
    for index, header in enumerate(table.header):
        title = clean(header)
        if not title:
            continue
        canonical = canonical_column(title)
        if canonical is None:
            warnings.append(Problem(name, "column not recognised, ignored", column=title))
        elif canonical in positions:
            problems.append(Problem(name, f"two columns mean {canonical!r}: "
                                          f"{table.header[positions[canonical]]!r} and {title!r}",
                                    column=title))
        else:
            positions[canonical] = index
    missing = [c for c in ("kind", "organisation", "email") if c not in positions]
    if missing:
        problems.append(Problem(name, f"missing required column{'s' * (len(missing) > 1)}: "
                                      f"{', '.join(missing)} (found: "
                                      f"{', '.join(clean(h) for h in table.header if clean(h))})"))
    if problems:
        raise InvalidRegistrations(problems)
    if not table.rows:
        raise InvalidRegistrations([Problem(name, "the file has a header but no participant rows")])

    participants: list[Participant] = []
    rows: list[int] = []
    first_row_of: dict[str, int] = {}
    label = table.row_label
    header_of = {c: clean(table.header[i]) for c, i in positions.items()}
    for number, cells in table.rows:
        raw = {c: (cells[i] if i < len(cells) else None) for c, i in positions.items()}
        participant, field_problems, field_warnings = validate_record(raw)
        problems += [Problem(name, p.message, row=number, column=header_of.get(p.column, p.column),
                             row_label=label) for p in field_problems]
        warnings += [Problem(name, w, row=number, row_label=label) for w in field_warnings]
        email = normalise_email(raw.get("email"))
        if email and email in first_row_of:
            problems.append(Problem(
                name, f"duplicate e-mail {email!r}, already on {label} {first_row_of[email]}",
                row=number, column=header_of["email"], row_label=label))
        elif email:
            first_row_of[email] = number
        if not problems:
            participants.append(participant)
            rows.append(number)
    if problems:
        raise InvalidRegistrations(problems)
    return Registrations(file=name, participants=participants, columns=frozenset(positions),
                         rows=rows, warnings=warnings)


def problems_text(problems: Iterable[Problem], limit: int = 50) -> str:
    """Problems one per line, at most ``limit`` of them."""
    problems = list(problems)
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)
