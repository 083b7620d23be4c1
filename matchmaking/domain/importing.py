"""Reading registration files (CSV, XLSX, JSON) into validated participants.

Nothing here writes anything: :func:`read_registrations` either returns every participant
of a file, or raises :class:`InvalidRegistrations` listing every problem with its file,
row and column. Writing (all or nothing) is the storage layer's job.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matchmaking.domain.profiles import (CANONICAL_FIELDS, Participant, normalise_email,
                                         validate_record)
from matchmaking.domain.text import clean, fold

DEFAULT_MAX_BYTES = 20_000_000  # 20 MB: far above any real event's registrations
SUPPORTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")

# Limits that keep one hostile or broken file from taking the server down for everyone (the
# console's upload preview parses inside it). Far above any real event: 10,000 rows of full
# profiles unpack to about 15 MB of XLSX XML.
MAX_ROWS = 50_000
MAX_COLUMNS = 200  # columns with a header or a value; a sheet may declare more, empty
MAX_CELL_CHARACTERS = 20_000  # a profile text of ~3,000 words
MAX_UNPACKED_BYTES = 60_000_000  # an XLSX workbook's XML, unpacked
MAX_SECONDS = 20.0  # reading one file, whatever its shape
MAX_JSON_DEPTH = 20

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


class _Deadline:
    """Refuses a file whose reading takes longer than ``MAX_SECONDS``."""

    def __init__(self, name: str):
        self.name, self.seconds = name, MAX_SECONDS
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise InvalidRegistrations([Problem(
                self.name, f"reading the file took more than {self.seconds:g} s: it is too "
                           "large or malformed; split it, or save it again as CSV UTF-8")])


def _too_many_rows(name: str, count: int) -> InvalidRegistrations:
    return InvalidRegistrations([Problem(
        name, f"more than {MAX_ROWS:,} rows ({count:,} so far): split the file")])


def read_registrations(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                       display_name: str | None = None,
                       mapping: Mapping[str, str | None] | None = None) -> Registrations:
    """Read and validate a registrations file; raise InvalidRegistrations on any problem."""
    path = Path(path)
    name = display_name or path.name
    if not path.is_file():
        raise InvalidRegistrations([Problem(name, "file not found")])
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidRegistrations([Problem(
            name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")])
    return parse_registrations(path.read_bytes(), name, mapping=mapping)


def parse_registrations(content: bytes, name: str, *,
                        mapping: Mapping[str, str | None] | None = None) -> Registrations:
    """Validate the bytes of a registrations file whose name gives its format. ``mapping``
    says, by column header, which field an organiser chose for a column (None: ignore
    it); it wins over the headers the reader recognises by itself."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidRegistrations([Problem(
            name, f"unsupported file type {suffix or '(none)'!r}: use .csv, .xlsx or .json")])
    if not content.strip():
        raise InvalidRegistrations([Problem(name, "the file is empty")])
    deadline = _Deadline(name)
    if suffix == ".xlsx":
        tables = _read_xlsx(content, name, deadline, mapping)
    elif suffix == ".json":
        tables = [_read_json(content, name)]
    else:
        tables = [_read_csv(content, name, deadline)]
    return _validate_tables(tables, name, mapping)


def _looks_like(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        return "a ZIP archive (an XLSX workbook?)"
    if content.startswith(b"%PDF"):
        return "a PDF document"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel .xls / OLE document (save it as .xlsx or CSV)"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or re.match(rb"(.\x00){4}|(\x00.){4}",
                                                                   content[:8], re.DOTALL):
        return "UTF-16 text (Excel's \"Unicode text\"): save it as CSV UTF-8 instead"
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "JSON"
    if b"\x00" in content[:4096]:
        return "a binary file, not text: save the sheet as CSV UTF-8"
    return "text (CSV?)"


def _decode(content: bytes, name: str) -> str:
    """UTF-8 (with or without Excel's BOM), else Windows-1252 as French-locale Excel writes.

    A file of both (rows pasted from another export) is read line by line, each line in its
    own encoding: decoding it whole as Windows-1252 would turn the UTF-8 lines into mojibake
    ("Ã‰tÃ©")."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = content.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    out = []
    for number, line in enumerate(lines, 1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                raise InvalidRegistrations([Problem(
                    name, f"cannot read line {number}: neither UTF-8 nor Windows-1252; save "
                          "the file as CSV UTF-8")]) from None
    return "\n".join(out)


csv.field_size_limit(sys.maxsize)  # long cells are refused by MAX_CELL_CHARACTERS, by name
_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$")  # Excel's "sep=;" first line


def _read_csv(content: bytes, name: str, deadline: _Deadline) -> _RawTable:
    kind = _looks_like(content)
    if not kind.startswith("text") and kind != "JSON":
        raise InvalidRegistrations([Problem(name, f"this is not a CSV file: it looks like {kind}")])
    text = _decode(content, name).lstrip("\r\n")
    first_line, _, rest = text.partition("\n")
    declared = _SEP_LINE.match(first_line.rstrip("\r"))
    if declared:  # Excel writes it and hides it: the header is the next line
        delimiter, text = declared[1], rest
    else:
        delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    while True:
        starts_on = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InvalidRegistrations([Problem(
                name, f"malformed CSV ({error}): a quote opened on line {starts_on} of the "
                      "file is not closed where the cell ends; close or remove it",
                row=len(records) + 1)]) from None
        records.append(record)
        if len(records) % 1000 == 0:
            deadline.check()
            if len(records) > MAX_ROWS + 1:
                raise _too_many_rows(name, len(records) - 1)
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise InvalidRegistrations([Problem(name, "the file is empty")])
    header = records[header_index]
    _refuse_swallowed_rows(records, header, delimiter, name)
    rows = [(i + 1, r) for i, r in enumerate(records) if i > header_index and any(
        c.strip() for c in r)]
    return _RawTable(header=header, rows=rows)


_AN_EMAIL = re.compile(r"^[^\s@,;\"']+@[^\s@,;\"']+\.[a-z]{2,}$", re.IGNORECASE)


def _refuse_swallowed_rows(records: list[list[str]], header: list[str], delimiter: str,
                           name: str) -> None:
    """A quote opened in one row and closed rows later reads those rows into one cell,
    silently. A line of a cell that reads as a whole row of this file (as many cells as the
    header, an e-mail address in the e-mail column) is that; a multi-line text is not."""
    email_at = next((i for i, h in enumerate(header)
                     if (canonical_column(h) or guess_column(h)) == "email"), None)
    if email_at is None:
        return  # the import refuses the file for its missing column anyway
    width = len(header)
    for number, record in enumerate(records, 1):
        for position, cell in enumerate(record):
            if "\n" not in cell:
                continue
            lines = cell.split("\n")[1:]
            for line in lines:
                cells = next(csv.reader([line], delimiter=delimiter), [])
                if abs(len(cells) - width) <= 1 and email_at < len(cells) and \
                        _AN_EMAIL.match(cells[email_at].strip()):
                    column = header[position] if position < len(header) else f"#{position + 1}"
                    raise InvalidRegistrations([Problem(
                        name, f"a quote opened in this cell is closed only {len(lines)} lines "
                              "later, so the rows below would be read into it: close or "
                              "remove the quote", row=number, column=clean(column))])


def _read_xlsx(content: bytes, name: str, deadline: _Deadline,
               mapping: Mapping[str, str | None] | None, *,
               any_header: bool = False) -> list[_RawTable]:
    """Every sheet whose header has the required columns (each as its own table); a
    workbook where none has them is refused, naming its sheets and what they hold."""
    if not content.startswith(b"PK\x03\x04"):
        raise InvalidRegistrations([Problem(
            name, f"this is not an XLSX workbook: it looks like {_looks_like(content)}")])
    formulas = _check_workbook_archive(content, name)
    from openpyxl import load_workbook  # imported lazily: only XLSX imports need it

    try:
        values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        written = load_workbook(io.BytesIO(content), read_only=True, data_only=False) \
            if formulas else None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InvalidRegistrations([Problem(name, f"not a readable XLSX workbook ({error})")]) \
            from None
    tables, skipped = [], []
    try:
        for index, sheet in enumerate(values.worksheets):
            records = _sheet_records(sheet, written.worksheets[index] if written else None,
                                     name, deadline)
            if not records:
                skipped.append(f"{sheet.title!r} is empty")
                continue
            header = [clean(c) for c in records[0][1]]
            found = {_column_for(h, mapping) for h in header}
            if not any_header and not {"kind", "organisation", "email"} <= found:
                skipped.append(f"{sheet.title!r} has {', '.join(h for h in header if h)[:120]}")
                continue
            tables.append(_RawTable(header=header, rows=records[1:], row_label=sheet.title))
    finally:
        values.close()
        if written:
            written.close()
    if not tables:
        raise InvalidRegistrations([Problem(
            name, "no sheet has the columns kind, organisation and email: "
                  + "; ".join(skipped))])
    if len(values.worksheets) == 1 or len(tables) == 1 and not skipped:
        tables[0].row_label = "row"
    else:
        for table in tables:
            table.row_label = f"sheet {table.row_label!r}, row"
    return tables


def _check_workbook_archive(content: bytes, name: str) -> bool:
    """Refuse a workbook that unpacks to more than ``MAX_UNPACKED_BYTES`` (a "zip bomb"
    takes minutes and gigabytes to parse) before parsing it; say whether it has formulas."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise InvalidRegistrations([Problem(name, f"not a readable XLSX workbook ({error})")]) \
            from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise InvalidRegistrations([Problem(
                name, f"the workbook unpacks to {unpacked / 1e6:,.0f} MB, over the "
                      f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB limit: save it as CSV UTF-8, or "
                      "split it")])
        sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
        return any(b"<f>" in data or b"<f " in data
                   for data in (archive.read(i) for i in sheets))


def _sheet_records(sheet: Any, formulas: Any, name: str, deadline: _Deadline
                   ) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of a sheet as (row number, cells), at most ``MAX_COLUMNS`` wide.
    A formula cell is read by its cached value; one with none (a file written by a
    program that does not compute formulas) is refused, naming the cell."""
    # A declared size (A1:XFD1048576) is not trusted: each row is read as wide as its last
    # cell, and only the first MAX_COLUMNS cells are kept (after checking the rest is empty).
    sheet.reset_dimensions()
    written_rows = None
    if formulas is not None:
        formulas.reset_dimensions()
        written_rows = formulas.iter_rows(values_only=True)
    records, problems = [], []
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        as_written = next(written_rows, ()) if written_rows is not None else ()
        if number % 500 == 0:
            deadline.check()
        cells = list(row)
        if len(cells) > MAX_COLUMNS:
            beyond = cells[MAX_COLUMNS:]
            if beyond.count(None) < len(beyond) and any(clean(c) for c in beyond):
                raise InvalidRegistrations([Problem(
                    name, f"sheet {sheet.title!r} has values beyond column {MAX_COLUMNS}",
                    row=number)])
            cells = cells[:MAX_COLUMNS]
        for position, value in enumerate(cells):
            source = as_written[position] if position < len(as_written) else None
            if value is None and isinstance(source, str) and source.startswith("="):
                problems.append(Problem(
                    name, f"cell {_cell_name(position, number)} is a formula ({source[:40]}) "
                          "with no saved value: open the file in Excel or LibreOffice and "
                          "save it again, or paste the values", row=number))
        if any(clean(c) for c in cells):
            records.append((number, cells))
            if len(records) > MAX_ROWS + 1:
                raise _too_many_rows(name, len(records) - 1)
    if problems:
        raise InvalidRegistrations(problems)
    return records


def _cell_name(position: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(position + 1)}{row}"


def _read_json(content: bytes, name: str) -> _RawTable:
    try:
        data = json.loads(_decode(content, name))
        _check_depth(data, name)
    except RecursionError:
        raise InvalidRegistrations([Problem(
            name, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")]) from None
    except json.JSONDecodeError as error:
        raise InvalidRegistrations([Problem(
            name, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            + ("" if _looks_like(content) == "JSON" else f" (it looks like {_looks_like(content)})")
        )]) from None
    if isinstance(data, list) and len(data) > MAX_ROWS:
        raise _too_many_rows(name, len(data))
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


def _check_depth(data: Any, name: str) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InvalidRegistrations([Problem(
                name, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")])
        children = value.values() if isinstance(value, dict) else \
            value if isinstance(value, list) else ()
        stack += [(child, depth + 1) for child in children]


def canonical_column(name: str) -> str | None:
    """The canonical field a column header stands for (``Secteurs`` → ``sectors``)."""
    return _COLUMN_LOOKUP.get(fold(name))


# Words a form question wraps around what it asks ("Quel est votre stade ?").
_QUESTION_WORDS = frozenset(
    "quel quelle quels quelles est sont votre vos de du des la le les l d et ou en pour "
    "sur avec au aux un une ce que qu vous nous what is are your the of and or for in to "
    "do does please merci svp which".split())

# Form questions, by the words they are made of (word beginnings, as regular expressions),
# in the order they are tried: the more specific first ("Email de contact" is an e-mail,
# "Secteur d'activité" a sector).
_QUESTION_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("consent", ("consent", "j accepte", "accepte", "agree", "rgpd", "gdpr", "autoris",
                 "annuaire")),
    ("email", ("e ?mail", "mail", "courriel")),
    ("phone", ("telephone", "phone", "whatsapp", "gsm", "mobile", r"tel\b")),
    ("website", ("site", "website", "url", "linkedin")),
    ("sectors", ("secteur", "sector", "industr", "domaine", "thematique", "vertical")),
    ("stages", ("stade", "stage", "maturite", "maturity", "etape", "phase")),
    ("languages", ("langue", "language")),
    ("looking_for", ("cherch", "recherch", "looking", "seek", "besoin", "need", "souhait",
                     "attente")),
    ("offering", ("propos", "offr", "offer", "apport", "provide", "bring")),
    ("portfolio", ("portefeuille", "portfolio", "participations", "references",
                   "past invest", "investissements passes")),
    ("about", ("presentation", "presentez", "description", "decri", "about", "pitch",
               "qui etes", "who are", "tell us", "activite")),
    ("kind", ("vous etes", "you are", "type", "categorie", "category", "profil", "role")),
    ("contact_name", ("prenom", "full name", "your name", "nom complet", "contact")),
    ("organisation", ("entreprise", "societe", "company", "organisation", "organization",
                      "structure", "startup", "start up", "raison sociale", "organisme",
                      "fonds", "fund")),
    ("country", ("pays", "country", "countries")),
    ("city", ("ville", "city")),
    ("booth", ("stand", "booth")),
)
_AMOUNT_WORDS = re.compile(r"(^| )(montant|ticket|amount|levee|invest\w* min|invest\w* max)")


def guess_column(header: str) -> str | None:
    """The field a natural question header asks for (``Ce que vous cherchez`` →
    ``looking_for``, ``Quel est votre stade ?`` → ``stages``), or None. Read only when
    the header is no known column name."""
    words = re.findall(r"[a-z0-9]+", fold(header))
    bare = " ".join(w for w in words if w not in _QUESTION_WORDS)
    if bare in _COLUMN_LOOKUP:
        return _COLUMN_LOOKUP[bare]
    full = " ".join(words)
    if _AMOUNT_WORDS.search(full):  # an amount: which end of the range, or ask
        ends = {"ticket_min": re.search(r"(^| )min", full), "ticket_max": re.search(r"(^| )max",
                                                                                      full)}
        chosen = [end for end, found in ends.items() if found]
        return chosen[0] if len(chosen) == 1 else None
    for canonical, stems in _QUESTION_STEMS:
        if any(re.search(rf"(^| ){stem}", full) for stem in stems):
            return canonical
    return None


@dataclass(frozen=True)
class ColumnChoice:
    """How one column of a file is read: ``field`` (None: left out) and why (``known``
    name, ``question`` header, the organiser's ``choice``, or ``unknown``)."""

    header: str
    field: str | None
    how: str
    sample: str  # the first non-empty value, to help choose


def column_choices(content: bytes, name: str,
                   mapping: Mapping[str, str | None] | None = None) -> list[ColumnChoice]:
    """The columns of a file (every sheet's, for a workbook) and the field each would fill,
    for an organiser to check and correct before importing. A file that cannot be read at
    all raises InvalidRegistrations, as an import would."""
    suffix = Path(name).suffix.lower()
    deadline = _Deadline(name)
    if suffix == ".xlsx":
        tables = _read_xlsx(content, name, deadline, mapping, any_header=True)
    elif suffix == ".json":
        tables = [_read_json(content, name)]
    else:
        tables = [_read_csv(content, name, deadline)]
    chosen = _folded_mapping(mapping)
    out: dict[str, ColumnChoice] = {}
    for table in tables:
        for index, header in enumerate(table.header):
            title = clean(header)
            if not title or title in out:
                continue
            sample = next((clean(cells[index]) for _, cells in table.rows
                           if index < len(cells) and clean(cells[index])), "")[:80]
            if fold(title) in chosen:
                field_, how = chosen[fold(title)], "choice"
            elif canonical_column(title):
                field_, how = canonical_column(title), "known"
            elif guess_column(title):
                field_, how = guess_column(title), "question"
            else:
                field_, how = None, "unknown"
            out[title] = ColumnChoice(title, field_, how, sample)
    return list(out.values())


def _folded_mapping(mapping: Mapping[str, str | None] | None) -> dict[str, str | None]:
    return {fold(header): field for header, field in (mapping or {}).items()}


def _column_for(header: str, mapping: Mapping[str, str | None] | None) -> str | None:
    chosen = _folded_mapping(mapping)
    if fold(header) in chosen:
        return chosen[fold(header)]
    return canonical_column(header) or guess_column(header)


def _validate_tables(tables: list[_RawTable], name: str,
                     mapping: Mapping[str, str | None] | None = None) -> Registrations:
    """Validate every table (an XLSX workbook may give one per sheet) as one file: an
    e-mail twice is a duplicate wherever it is."""
    results = [_validate_table(table, name, mapping=mapping) for table in tables]
    if len(results) == 1:
        return results[0]
    participants, rows, warnings, problems = [], [], [], []
    first: dict[str, str] = {}
    for table, result in zip(tables, results):
        warnings += result.warnings
        for participant, row in zip(result.participants, result.rows):
            where = f"{table.row_label} {row}"
            if participant.email in first:
                problems.append(Problem(name, f"duplicate e-mail {participant.email!r}, "
                                              f"already on {first[participant.email]}",
                                        row=row, column="email", row_label=table.row_label))
                continue
            first[participant.email] = where
            participants.append(participant)
            rows.append(row)
    if problems:
        raise InvalidRegistrations(problems)
    return Registrations(file=name, participants=participants,
                         columns=frozenset().union(*(r.columns for r in results)), rows=rows,
                         warnings=warnings)


def _validate_table(table: _RawTable, name: str, *,
                    mapping: Mapping[str, str | None] | None = None) -> Registrations:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    positions: dict[str, int] = {}
    chosen = _folded_mapping(mapping)
    guessed: list[tuple[int, str]] = []
    label = table.row_label
    if len(table.header) > MAX_COLUMNS:
        raise InvalidRegistrations([Problem(name, f"more than {MAX_COLUMNS} columns "
                                                  f"({len(table.header)})")])
    if len(table.rows) > MAX_ROWS:
        raise _too_many_rows(name, len(table.rows))
    for index, header in enumerate(table.header):
        title = clean(header)
        if not title:
            continue
        if fold(title) in chosen:
            canonical = chosen[fold(title)]
            if canonical is None:
                continue  # the organiser chose to leave it out
        else:
            canonical = canonical_column(title)
        if canonical is None:
            guessed.append((index, title))
        elif canonical in positions:
            problems.append(Problem(name, f"two columns mean {canonical!r}: "
                                          f"{table.header[positions[canonical]]!r} and {title!r}",
                                    column=title))
        else:
            positions[canonical] = index
    for index, title in guessed:  # question headers fill only the fields still missing
        canonical = guess_column(title)
        if canonical is None:
            warnings.append(Problem(name, "column not recognised, ignored (map it to a field "
                                          "in the console, or rename it)", column=title))
        elif canonical in positions:
            warnings.append(Problem(name, f"column looks like {canonical!r}, which column "
                                          f"{clean(table.header[positions[canonical]])!r} "
                                          "already gives: ignored", column=title))
        else:
            positions[canonical] = index
            warnings.append(Problem(name, f"read as {canonical!r}", column=title))
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
    header_of = {c: clean(table.header[i]) for c, i in positions.items()}
    for number, cells in table.rows:
        raw = {c: (cells[i] if i < len(cells) else None) for c, i in positions.items()}
        long = [c for c, v in raw.items() if isinstance(v, str) and len(v) > MAX_CELL_CHARACTERS]
        problems += [Problem(name, f"{len(raw[c]):,} characters, over the "
                                   f"{MAX_CELL_CHARACTERS:,} a cell may hold", row=number,
                             column=header_of[c], row_label=label) for c in long]
        if long:
            continue
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
