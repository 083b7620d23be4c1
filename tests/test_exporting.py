from __future__ import annotations

import csv
import io

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
