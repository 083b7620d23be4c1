"""Registration files: every bad input gets a clear error naming file, row and column,
and nothing is written; good files in every supported shape import the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from matchmaking import storage
from matchmaking.domain.importing import InvalidRegistrations, read_registrations
from matchmaking.services import event as services

from .conftest import REGISTRATIONS

BAD_FILES = [
    # file, expected fragments of the first problem (file, row, column, what)
    ("missing_email_column.csv", ["missing_email_column.csv", "missing required column",
                                  "email"]),
    ("invalid_email.csv", ["invalid_email.csv", "row 2", "column 'email'", "invalid e-mail",
                           "amina.benali@@example.org"]),
    ("unknown_kind.csv", ["unknown_kind.csv", "row 3", "column 'kind'", "unknown kind",
                          "sponsor"]),
    ("unknown_stage.csv", ["row 2", "column 'stages'", "unknown stage", "mezzanine-ish"]),
    ("duplicate_email.csv", ["row 3", "column 'email'", "duplicate e-mail", "already on row 2"]),
    ("ticket_min_above_max.csv", ["row 2", "column 'ticket_min'", "500000",
                                  "greater than ticket_max"]),
    ("non_numeric_amount.csv", ["row 2", "column 'ticket_min'", "not a number", "a lot"]),
    ("empty.csv", ["empty.csv", "empty"]),
    ("header_only.csv", ["header_only.csv", "no participant rows"]),
    ("workbook_named.csv", ["workbook_named.csv", "not a CSV file", "ZIP"]),
    ("csv_named.xlsx", ["csv_named.xlsx", "not an XLSX workbook", "text"]),
    ("broken.json", ["broken.json", "not valid JSON", "line 1"]),
]


@pytest.mark.parametrize("name, fragments", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_refused_with_a_precise_message_and_nothing_written(db, name, fragments):
    before = storage.count_rows(db, "participants")
    audit_before = storage.count_rows(db, "audit_log")
    with pytest.raises(InvalidRegistrations) as caught:
        services.import_registrations(db, REGISTRATIONS / name)
    message = str(caught.value.problems[0])
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert storage.count_rows(db, "participants") == before
    assert storage.count_rows(db, "audit_log") == audit_before


def test_duplicate_email_is_found_case_and_space_insensitively():
    with pytest.raises(InvalidRegistrations) as caught:
        read_registrations(REGISTRATIONS / "duplicate_email.csv")
    messages = [str(p) for p in caught.value.problems]
    assert any("row 5" in m and "already on row 2" in m for m in messages), messages


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path):
    path = tmp_path / "many.csv"
    path.write_text("kind,organisation,email,ticket_min,ticket_max\n"
                    "robot,X,bad@,abc,5\nstartup,Y,y@example.org,500,100\n", encoding="utf-8")
    with pytest.raises(InvalidRegistrations) as caught:
        read_registrations(path)
    columns = {(p.row, p.column) for p in caught.value.problems}
    assert columns == {(2, "kind"), (2, "email"), (2, "ticket_min"), (3, "ticket_min")}


def test_file_over_the_size_limit_is_refused_before_reading(db, tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_text((REGISTRATIONS / "good.csv").read_text(encoding="utf-8") * 20,
                    encoding="utf-8")
    with pytest.raises(InvalidRegistrations, match=r"big.csv: file is .* over the .* limit"):
        services.import_registrations(db, path, max_bytes=1000)
    assert storage.count_rows(db, "participants") == 0


def test_unsupported_extension(tmp_path: Path):
    path = tmp_path / "people.docx"
    path.write_bytes(b"whatever")
    with pytest.raises(InvalidRegistrations, match="unsupported file type '.docx'"):
        read_registrations(path)


def test_a_bad_last_row_leaves_the_database_untouched(db, tmp_path: Path):
    good = (REGISTRATIONS / "good.csv").read_text(encoding="utf-8")
    path = tmp_path / "late_error.csv"
    path.write_text(good + "startup,Late,late@example.org,,,,,someday,,,,,\n", encoding="utf-8")
    with pytest.raises(InvalidRegistrations, match="row 5"):
        services.import_registrations(db, path)
    assert storage.count_rows(db, "participants") == 0


def test_good_csv_imports_normalised_values(db):
    result = services.import_registrations(db, REGISTRATIONS / "good.csv")
    assert len(result.report.created) == 3
    amina = storage.get_participant(db, "  AMINA.BENALI@example.org ")
    assert amina["email"] == "amina.benali@example.org"
    assert amina["organisation"] == "Aqua Sûre"
    assert amina["sectors"] == ["water", "iot"]
    assert amina["languages"] == ["fr", "ar"]
    assert amina["country"] == ["MA"]
    investor = storage.get_participant(db, "invest@atlas-seed.example.org")
    assert investor["country"] == ["MA", "AFRICA"]
    assert investor["stages"] == ["pre-seed", "seed"]
    assert (investor["ticket_min"], investor["ticket_max"]) == (100_000, 500_000)


def test_french_excel_cp1252_semicolons_and_french_headers(db):
    result = services.import_registrations(db, REGISTRATIONS / "french_excel_cp1252.csv")
    assert len(result.report.created) == 2
    startup = storage.get_participant(db, "contact@energie-cotiere.example.org")
    assert startup["organisation"] == "Énergie Côtière"
    assert startup["contact_name"] == "Hélène Bérard"
    assert startup["city"] == "Tanger"
    assert startup["languages"] == ["fr", "ar"]
    assert startup["sectors"] == ["energy"]  # "Solaire" is an alias of energy
    assert startup["stages"] == ["seed"]  # amorçage
    assert startup["ticket_min"] == 200_000
    investor = storage.get_participant(db, "deals@sahel-impact.example.org")
    assert investor["kind"] == "investor"
    assert investor["country"] == ["SN"]
    assert investor["stages"] == ["pre-seed", "seed"]


def test_utf8_bom_header_is_not_mistaken_for_a_missing_column(tmp_path: Path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffemail,kind,organisation\nA@example.org,startup,Ä\n".encode("utf-8"))
    registrations = read_registrations(path)
    assert registrations.participants[0].email == "a@example.org"


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_with_french_headers_and_numeric_cells(db, tmp_path: Path):
    path = _write_xlsx(tmp_path / "inscriptions.xlsx", [
        ["Type", "Entreprise", "E-mail", "Secteurs", "Stade", "Ticket min", "Ticket max",
         "Langues", "Présentation"],
        ["startup", "Nakhla Data", "salma@nakhla.example.org", "Données ouvertes; IA",
         "Series A", 1_000_000, 2_500_000.0, "fr|en", "Open data platform"],
        [None, None, None, None, None, None, None, None, None],  # blank rows are skipped
        ["partner", "Ville de Casablanca (fictive)", "smart@casa.example.org", "govtech",
         None, None, None, "ar", None],
    ])
    result = services.import_registrations(db, path)
    assert len(result.report.created) == 2
    startup = storage.get_participant(db, "salma@nakhla.example.org")
    assert startup["sectors"] == ["open-data", "ai"]
    assert startup["stages"] == ["series-a"]
    assert startup["ticket_max"] == 2_500_000


def test_xlsx_row_numbers_are_spreadsheet_rows(tmp_path: Path):
    path = _write_xlsx(tmp_path / "bad.xlsx", [
        ["kind", "organisation", "email"],
        ["startup", "A", "a@example.org"],
        ["startup", "B", "not-an-email"],
    ])
    with pytest.raises(InvalidRegistrations, match=r"bad.xlsx, row 3, column 'email'"):
        read_registrations(path)


def test_json_lists_and_strings_both_work(db):
    result = services.import_registrations(db, REGISTRATIONS / "good.json")
    assert len(result.report.created) == 2
    investor = storage.get_participant(db, "invest@example.org")
    assert investor["languages"] == ["en", "fr"]
    assert investor["stages"] == ["seed", "series-a"]


def test_json_records_are_named_as_records(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"kind": "startup", "organisation": "A", "email": "a@x.org"},
                                {"kind": "startup", "organisation": "", "email": "b@x.org"}]))
    with pytest.raises(InvalidRegistrations, match=r"record 2, column 'organisation'"):
        read_registrations(path)


def test_sectors_outside_the_taxonomy_are_kept_as_free_tags(tmp_path: Path):
    path = tmp_path / "tags.csv"
    path.write_text("kind,organisation,email,sectors\nstartup,A,a@example.org,"
                    "Sportstech;Eau;Halal Tech\n", encoding="utf-8")
    participant = read_registrations(path).participants[0]
    assert participant.sectors == ["sportstech", "water", "halal-tech"]


def test_unknown_country_is_kept_with_a_warning(tmp_path: Path):
    path = tmp_path / "country.csv"
    path.write_text("kind,organisation,email,country\nstartup,A,a@example.org,Marocco\n",
                    encoding="utf-8")
    registrations = read_registrations(path)
    assert registrations.participants[0].country == ["Marocco"]
    assert "unknown country 'Marocco'" in str(registrations.warnings[0])


def test_reimport_is_idempotent_and_updates_by_email(db, tmp_path: Path):
    first = services.import_registrations(db, REGISTRATIONS / "good.csv")
    again = services.import_registrations(db, REGISTRATIONS / "good.csv")
    assert len(first.report.created) == 3
    assert again.report.created == [] and again.report.updated == {}
    assert len(again.report.unchanged) == 3
    assert storage.count_rows(db, "participants") == 3

    # Same person, e-mail typed differently, new sector; a file without the other columns
    # changes only what it carries.
    path = tmp_path / "update.csv"
    path.write_text("email,kind,organisation,sectors\n"
                    " AMINA.benali@EXAMPLE.org ,startup,Aqua Sûre,water;energy\n",
                    encoding="utf-8")
    update = services.import_registrations(db, path)
    assert update.report.updated == {"amina.benali@example.org": ["sectors"]}
    assert storage.count_rows(db, "participants") == 3
    amina = storage.get_participant(db, "amina.benali@example.org")
    assert amina["sectors"] == ["water", "energy"]
    assert amina["looking_for"] == "Un pilote avec une régie de l'eau."  # untouched


def test_dry_run_reports_and_writes_nothing(db, tmp_path: Path):
    report = services.import_registrations(db, REGISTRATIONS / "good.csv", dry_run=True).report
    assert len(report.created) == 3 and report.dry_run
    assert storage.count_rows(db, "participants") == 0
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    path = tmp_path / "change.csv"
    path.write_text("kind,organisation,email,city\ninvestor,Atlas Seed Fund,"
                    "invest@atlas-seed.example.org,Rabat\n", encoding="utf-8")
    report = services.import_registrations(db, path, dry_run=True).report
    assert report.updated == {"invest@atlas-seed.example.org": ["city"]}
    assert storage.get_participant(db, "invest@atlas-seed.example.org")["city"] == ""


def test_import_is_in_the_audit_log(db):
    services.import_registrations(db, REGISTRATIONS / "good.csv", actor="organiser:test")
    rows = list(db.query("SELECT * FROM audit_log WHERE action = 'participants.imported'"))
    assert len(rows) == 1
    assert rows[0]["actor"] == "organiser:test"
    assert json.loads(rows[0]["details"])["created"] == 3


@pytest.mark.parametrize("text, amount", [
    ("150000", 150_000), ("150 000", 150_000), ("150,000", 150_000), ("150.000", 150_000),
    ("150k", 150_000), ("150 k€", 150_000), ("€200k", 200_000), ("1,5 M€", 1_500_000),
    ("2 M€", 2_000_000), ("1.2m", 1_200_000), ("300 000 MAD", 300_000), ("", None),
])
def test_amounts_as_people_write_them(text, amount):
    from matchmaking.domain.profiles import parse_amount

    assert parse_amount(text, "ticket_min") == amount
