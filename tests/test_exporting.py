from __future__ import annotations

import csv
import io

import pytest

from matchmaking.documents.exporting import neutralise_cell, to_csv
from matchmaking.services import event as services

from .conftest import REGISTRATIONS


def test_formula_cells_are_neutralised_and_phone_numbers_kept():
    assert neutralise_cell('=HYPERLINK("http://evil.example","click")').startswith("'=")
    assert neutralise_cell("@SUM(A1:A2)") == "'@SUM(A1:A2)"
    assert neutralise_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralise_cell("-2+3+cmd|' /C calc'!A0").startswith("'")
    assert neutralise_cell("\t=1+1") == "'\t=1+1"
    assert neutralise_cell("+212 6 61 23 45 67") == "+212 6 61 23 45 67"
    assert neutralise_cell("-150") == "-150"
    assert neutralise_cell("Aqua Sûre") == "Aqua Sûre"
    assert neutralise_cell(42) == 42


def test_exported_csv_round_trips_through_import(db, tmp_path):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    exported = tmp_path / "export.csv"
    exported.write_text(services.export_participants(db, "csv"), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert [r["email"] for r in rows] == ["invest@atlas-seed.example.org",
                                          "pilotes@regie-verte.example.org",
                                          "amina.benali@example.org"]
    assert rows[2]["sectors"] == "water;iot"
    again = services.import_registrations(db, exported)
    assert len(again.report.unchanged) == 3 and not again.report.updated


def test_csv_export_of_hostile_profile(tmp_path):
    text = to_csv([{"organisation": "=1+1", "phone": "+212 5 22 00 00 00"}],
                  ["organisation", "phone"])
    assert text.splitlines()[1] == "'=1+1,+212 5 22 00 00 00"


def _spreadsheet_cells(text: str, separator: str) -> list[str]:
    """The cells a spreadsheet splitting on ``separator`` (and honouring quotes) sees."""
    return [cell for row in csv.reader(io.StringIO(text), delimiter=separator)
            for cell in row]


def _naive_cells(text: str) -> list[str]:
    """The cells a tool splitting on either separator, ignoring quotes, sees."""
    import re
    return [part.strip('"').strip() for line in text.splitlines()
            for part in re.split(r"[,;]", line)]


@pytest.mark.parametrize("hostile", [
    "Good;=cmd|' /C calc'!A0;", "Bien, =HYPERLINK(\"http://evil.example\";\"x\")",
    "a;+1+cmd|' /C calc'!A0", "x; @SUM(A1)", "ok;\t=1+1", "-1;-2+3+cmd|' /C calc'!A0",
    "=1", "water;=2", " =3",
])
def test_no_reading_of_an_exported_cell_finds_a_formula(hostile):
    text = to_csv([{"about": hostile, "sectors": ["water", hostile]}], ["about", "sectors"])
    for cells in (_spreadsheet_cells(text, ","), _spreadsheet_cells(text, ";"),
                  _naive_cells(text)):
        for cell in cells:
            assert not cell.lstrip(" ").startswith(("=", "+", "@", "\t")) or \
                cell.lstrip(" ")[:1] == "'", (cell, text)
            stripped = cell.lstrip(" ")
            assert not (stripped.startswith("-") and not stripped[1:2].isdigit()), (cell, text)
    # quoted where it holds either separator: read back whole, with each part neutralised
    back = _spreadsheet_cells(text, ",")[2]
    assert back.replace("'", "") == hostile.replace("'", "")


def test_plain_values_are_not_quoted_or_changed():
    text = to_csv([{"organisation": "Aqua Sûre", "phone": "+212 5 22 00 00 00", "n": 3}],
                  ["organisation", "phone", "n"])
    assert text.splitlines()[1] == "Aqua Sûre,+212 5 22 00 00 00,3"
