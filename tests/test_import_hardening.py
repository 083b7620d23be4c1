"""Registration files as organisers really have them, and as an attacker might send them:
nothing altered or lost without a word, every refusal naming the file, row and column,
and no file able to take the server down (the console's preview parses inside it)."""

from __future__ import annotations

import hashlib
import io
import json
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from matchmaking import storage
from matchmaking.domain import importing
from matchmaking.domain.importing import InvalidRegistrations, parse_registrations
from matchmaking.domain.profiles import normalise_email
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.services import event as services

HEADER = "kind,organisation,email,about,looking_for"


def rows_of(text: str, name: str = "inscriptions.csv"):
    return parse_registrations(text.encode("utf-8"), name)


def refusal(content: bytes | str, name: str = "inscriptions.csv") -> list[str]:
    """The problems a file is refused with, as people read them."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with pytest.raises(InvalidRegistrations) as caught:
        parse_registrations(data, name)
    return [str(p) for p in caught.value.problems]


def db_bytes(db) -> bytes:
    """Everything the database holds, to prove a refusal wrote nothing."""
    return "\n".join(db.conn.iterdump()).encode("utf-8")


# --- rows altered or lost without a word -------------------------------------------------

@pytest.mark.parametrize("body", [
    # the quote never closes: rows 4 and 5 would end up in row 3's text
    'startup,A,a@example.org,x,y\nstartup,B,b@example.org,"Eau, énergie,z\n'
    "startup,C,c@example.org,x,y\nstartup,D,d@example.org,x,y\n",
    # it closes, two rows later, in another row's cell
    'startup,A,a@example.org,x,y\nstartup,B,b@example.org,"Eau,z\n'
    'startup,C,c@example.org,x,y\nstartup,D,d@example.org,x",y\n',
    # semicolons, French Excel
    'startup;A;a@example.org;x;y\nstartup;B;b@example.org;"Eau;z\n'
    'startup;C;c@example.org;x;y\nstartup;D;d@example.org;x";y\n',
])
def test_an_unbalanced_quote_is_refused_naming_its_row(body):
    header = HEADER if "," in body.split("\n")[0] else HEADER.replace(",", ";")
    problems = refusal(f"{header}\n{body}")
    assert len(problems) == 1 and "quote" in problems[0], problems
    assert "row 3" in problems[0] or "line 3" in problems[0], problems


def test_a_quoted_multi_line_text_is_still_one_cell():
    registrations = rows_of(f'{HEADER}\nstartup,A,a@example.org,"Line one, with a comma.\n'
                            'Line two; and three.",y\nstartup,B,b@example.org,x,y\n')
    assert [p.organisation for p in registrations.participants] == ["A", "B"]
    assert registrations.participants[0].about.startswith("Line one, with a comma.")


def test_a_file_of_utf8_and_windows_1252_rows_reads_each_row_in_its_own_encoding():
    content = (f"{HEADER}\n".encode() + "startup,Été Solaire,e@example.org,x,y\n".encode("utf-8")
               + "startup,Énergie Ville,v@example.org,x,y\n".encode("cp1252"))
    registrations = parse_registrations(content, "mixed.csv")
    assert [p.organisation for p in registrations.participants] == ["Été Solaire",
                                                                     "Énergie Ville"]
    assert not any("Ã" in p.organisation for p in registrations.participants)


@pytest.mark.parametrize("left, right, same", [
    ("Groß@example.org", "gross@example.org", False),
    ("strasse@example.org", "straße@example.org", False),
    ("  Amina.Benali@Example.ORG ", "amina.benali@example.org", True),
    ("ÉLODIE@example.org", "élodie@example.org", True),
])
def test_e_mails_are_compared_lower_cased_and_trimmed_never_case_folded(left, right, same):
    assert (normalise_email(left) == normalise_email(right)) is same
    body = f"startup,A,{left},x,y\nstartup,B,{right},x,y\n"
    if same:
        assert any("duplicate e-mail" in p for p in refusal(f"{HEADER}\n{body}"))
    else:
        emails = [p.email for p in rows_of(f"{HEADER}\n{body}").participants]
        assert emails == [left.strip().lower(), right.lower()]


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PEOPLE = [["kind", "organisation", "email", "about"],
          ["startup", "Aqua", "aqua@example.org", "Water meters"],
          ["investor", "Fund", "fund@example.org", "Seed fund"]]


def test_participants_on_the_second_sheet_are_read():
    content = workbook(("Notes", [["Inscriptions du 3 mai"], ["À relire"]]), ("Inscrits", PEOPLE))
    registrations = parse_registrations(content, "book.xlsx")
    assert [p.organisation for p in registrations.participants] == ["Aqua", "Fund"]


def test_every_sheet_with_the_headers_is_read_and_a_duplicate_across_sheets_is_named():
    more = [PEOPLE[0], ["partner", "Ville", "ville@example.org", "City"]]
    content = workbook(("Startups", PEOPLE), ("Partenaires", more))
    assert len(parse_registrations(content, "book.xlsx").participants) == 3
    twice = workbook(("A", PEOPLE), ("B", [PEOPLE[0], PEOPLE[1]]))
    problems = refusal(twice, "book.xlsx")
    assert any("duplicate e-mail" in p and "sheet 'B', row 2" in p and "sheet 'A', row 2" in p
               for p in problems), problems


def test_a_workbook_with_no_sheet_of_participants_names_its_sheets():
    content = workbook(("Résumé", [["Total", 3]]), ("Vide", []))
    problems = refusal(content, "book.xlsx")
    assert "no sheet has the columns" in problems[0]
    assert "'Résumé' has Total" in problems[0] and "'Vide' is empty" in problems[0]


def formula_workbook(cached: str | None) -> bytes:
    """A workbook whose C3 is a formula, with or without the value a spreadsheet saves."""
    content = workbook(("Inscrits", PEOPLE))
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index('<c r="C3"')
                end = text.index("</c>", start) + len("</c>")
                value = f"<v>{cached}</v>" if cached is not None else ""
                text = text[:start] + f'<c r="C3" t="str"><f>LOWER(B3)&amp;"@example.org"</f>' \
                    f"{value}</c>" + text[end:]
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def test_a_formula_cell_with_no_saved_value_is_refused_naming_the_cell():
    problems = refusal(formula_workbook(None), "book.xlsx")
    assert any("cell C3" in p and "formula" in p and "row 3" in p for p in problems), problems


def test_a_formula_cell_with_its_saved_value_is_read_by_that_value():
    registrations = parse_registrations(formula_workbook("fund@example.org"), "book.xlsx")
    assert registrations.participants[1].email == "fund@example.org"


@pytest.mark.parametrize("value, shape", [
    ({"name": "Aqua"}, "an object"), (["Aqua", "Sure"], "a list"), ([["fr"]], "a list"),
])
def test_a_json_object_or_list_where_text_is_expected_is_refused(value, shape):
    record = {"kind": "startup", "organisation": "Aqua", "email": "a@example.org"}
    column = "languages" if value == [["fr"]] else "organisation"
    record[column] = value
    problems = refusal(json.dumps([record]), "people.json")
    assert any(f"column '{column}'" in p and shape in p and "record 1" in p
               for p in problems), problems


def test_a_json_list_of_texts_is_still_a_list_field():
    record = {"kind": "startup", "organisation": "Aqua", "email": "a@example.org",
              "languages": ["fr", "ar"], "sectors": ["water"]}
    participant = parse_registrations(json.dumps([record]).encode(), "p.json").participants[0]
    assert participant.languages == ["fr", "ar"] and participant.sectors == ["water"]


# --- refusals that name the file, row and column -----------------------------------------

@pytest.mark.parametrize("amount", ["1e999", "1e23", "inf", "nan", "-inf", "Infinity"])
def test_absurd_amounts_are_refused_with_row_and_column(amount):
    csv_problems = refusal(f"kind,organisation,email,ticket_min\nstartup,A,a@example.org,"
                           f"{amount}\n")
    assert any("row 2" in p and "ticket_min" in p for p in csv_problems), csv_problems
    numbers = json.dumps([{"kind": "startup", "organisation": "A", "email": "a@example.org",
                           "ticket_max": float(amount), "max_meetings": float(amount)}])
    json_problems = refusal(numbers, "p.json")
    assert any("record 1" in p and "ticket_max" in p for p in json_problems), json_problems
    assert any("record 1" in p and "max_meetings" in p for p in json_problems), json_problems


def test_deeply_nested_json_is_refused_without_a_recursion_error():
    deep = "[" * 100_000 + "]" * 100_000
    assert "nested" in refusal(deep, "deep.json")[0]
    record = {"kind": "startup", "organisation": "A", "email": "a@example.org"}
    nested = record | {"about": {"a": {"b": {"c": json.loads("[" * 30 + "1" + "]" * 30)}}}}
    assert "nested" in refusal(json.dumps([nested]), "deep.json")[0]


def test_a_huge_text_cell_is_refused_naming_its_row_and_column():
    text = "x" * 200_000
    problems = refusal(f"{HEADER}\nstartup,A,a@example.org,{text},y\n")
    assert any("row 2" in p and "column 'about'" in p and "200,000 characters" in p
               for p in problems), problems


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_refused_with_advice(encoding):
    content = f"{HEADER}\nstartup,A,a@example.org,x,y\n".encode(encoding)
    problem = refusal(content)[0]
    assert "UTF-16" in problem and "CSV UTF-8" in problem


def test_nul_bytes_are_refused_with_advice():
    problem = refusal(b"kind,organisation,email\nstartup,A\x00\x00\x00,a@example.org\n" * 3)[0]
    assert "CSV UTF-8" in problem


# --- files that would take the server down -----------------------------------------------

def _zip_with_sheet(sheet_xml_chunks, rows_hint: int = 0) -> bytes:
    """A valid workbook whose first sheet's XML is written from ``sheet_xml_chunks``."""
    base = zipfile.ZipFile(io.BytesIO(workbook(("Inscrits", PEOPLE))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in base.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w") as sheet:
                    for chunk in sheet_xml_chunks():
                        sheet.write(chunk)
            else:
                target.writestr(item, base.read(item))
    return out.getvalue()


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _within_limits(content: bytes, name: str = "bomb.xlsx") -> tuple[list[str], float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = refusal(content, name)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return problems, elapsed, peak


def test_a_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused_fast():
    def chunks():
        yield SHEET_HEAD + b'<dimension ref="A1:C3000000"/><sheetData>'
        row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>' + b"x" * 200 + b"</t></is></c></row>"
        block = b"".join(row % (i, i) for i in range(1, 1001))
        for _ in range(400):  # ~ 100 MB unpacked
            yield block
        yield b"</sheetData></worksheet>"
    content = _zip_with_sheet(chunks)
    assert len(content) < 3_000_000
    problems, elapsed, peak = _within_limits(content)
    assert "unpacks to" in problems[0] and "MB" in problems[0]
    assert elapsed < 2 and peak < 200, (elapsed, peak)


def test_a_sheet_declaring_columns_up_to_xfd_is_read_at_its_real_width():
    def chunks():
        yield SHEET_HEAD + b'<dimension ref="A1:XFD2000"/><sheetData>'
        yield (b'<row r="1"><c r="A1" t="inlineStr"><is><t>kind</t></is></c>'
               b'<c r="B1" t="inlineStr"><is><t>organisation</t></is></c>'
               b'<c r="C1" t="inlineStr"><is><t>email</t></is></c><c r="XFD1" s="0"/></row>')
        for i in range(2, 2001):
            yield (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>startup</t></is></c>'
                   b'<c r="B%d" t="inlineStr"><is><t>S%d</t></is></c>'
                   b'<c r="C%d" t="inlineStr"><is><t>s%d@example.org</t></is></c>'
                   b'<c r="XFD%d" s="0"/></row>' % (i, i, i, i, i, i, i))
        yield b"</sheetData></worksheet>"
    content = _zip_with_sheet(chunks)
    tracemalloc.start()
    started = time.perf_counter()
    registrations = parse_registrations(content, "wide.xlsx")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert len(registrations.participants) == 1999
    assert elapsed < 2 * 3 and peak < 200, (elapsed, peak)  # tracemalloc slows Python ~3x


def test_a_value_beyond_the_column_limit_is_refused():
    wide = [PEOPLE[0] + [None] * importing.MAX_COLUMNS + ["surprise"], PEOPLE[1]]
    problems = refusal(workbook(("Inscrits", wide)), "wide.xlsx")
    assert "beyond column" in problems[0]


def test_too_many_rows_are_refused_naming_the_limit(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 50)
    body = "".join(f"startup,S{i},s{i}@example.org,x,y\n" for i in range(60))
    assert "more than 50 rows" in refusal(f"{HEADER}\n{body}")[0]
    records = [{"kind": "startup", "organisation": f"S{i}", "email": f"s{i}@example.org"}
               for i in range(60)]
    assert "more than 50 rows" in refusal(json.dumps(records), "p.json")[0]


def test_reading_stops_at_the_time_limit(monkeypatch):
    monkeypatch.setattr(importing, "MAX_SECONDS", 0.0)
    body = "".join(f"startup,S{i},s{i}@example.org,x,y\n" for i in range(3000))
    assert "took more than 0 s" in refusal(f"{HEADER}\n{body}")[0]


# --- junk that used to be accepted -------------------------------------------------------

@pytest.mark.parametrize("junk, name", [("\x07", "U+0007"), ("\x1b[31m", "U+001B"),
                                        ("\x08", "U+0008"), ("\x7f", "U+007F"),
                                        ("\x9b", "U+009B")])
def test_control_characters_are_refused_naming_the_cell(junk, name):
    problems = refusal(f"{HEADER}\nstartup,Aqua{junk}Sure,a@example.org,x,y\n")
    assert any("row 2" in p and "column 'organisation'" in p and name in p for p in problems)


@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\u200b \ufeff", "\u2060", "\u00a0"])
def test_an_organisation_of_invisible_characters_is_empty(invisible):
    problems = refusal(f"{HEADER}\nstartup,{invisible},a@example.org,x,y\n")
    assert any("column 'organisation'" in p and "required" in p for p in problems), problems


def test_arabic_with_its_direction_marks_and_joiners_is_kept():
    name = "\u200fطاقتي\u200c للطاقة"
    participant = rows_of(f"{HEADER}\nstartup,{name},a@example.org,x,y\n").participants[0]
    assert participant.organisation == name


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_excels_sep_line_is_honoured(separator):
    header = HEADER.replace(",", separator)
    organisation = '"Aqua, Sure"' if separator == "," else "Aqua, Sure"
    body = separator.join(["startup", organisation, "a@example.org", "x", "y"])
    registrations = rows_of(f"sep={separator}\n{header}\n{body}\n")
    assert registrations.participants[0].organisation == "Aqua, Sure"
    assert registrations.rows == [2]


def test_comma_separated_multiple_choice_answers_are_lists():
    text = ("kind,organisation,email,languages,stages,sectors,country\n"
            'investor,Fund,f@example.org,"Français, Anglais, Arabe","Amorçage, Série A",'
            '"Fintech, Énergie, Eau","Maroc, Sénégal"\n'
            'investor,Fond2,g@example.org,fr,seed,water,"Korea, Republic of"\n')
    first, second = rows_of(text).participants
    assert first.languages == ["fr", "en", "ar"]
    assert first.stages == ["seed", "series-a"]
    assert "fintech" in first.sectors and not any("," in s for s in first.sectors)
    assert first.country == ["MA", "SN"]
    assert second.country == ["KR"]


# --- natural question headers ------------------------------------------------------------

GOOGLE_FORM_HEADER = ("Horodateur,Adresse e-mail,Nom de votre structure,Vous êtes,Prénom et nom,"
                      "Présentation de votre structure,Ce que vous cherchez,Ce que vous proposez,"
                      "Quel est votre stade ?,Secteur(s) d'activité,Langues parlées")


def test_question_headers_of_a_form_are_read_as_their_fields():
    text = (GOOGLE_FORM_HEADER + "\n"
            '03/05/2024 10:12:01,amina@example.org,Aqua Sûre,Start-up,Amina Benali,'
            'Compteurs d\'eau connectés.,Un pilote avec une régie.,Des données en temps réel.,'
            'Amorçage,"Eau, IoT","Français, Arabe"\n')
    registrations = rows_of(text, "formulaire.csv")
    person = registrations.participants[0]
    assert (person.kind, person.organisation, person.contact_name) == (
        "startup", "Aqua Sûre", "Amina Benali")
    assert person.about.startswith("Compteurs") and person.looking_for.startswith("Un pilote")
    assert person.offering.startswith("Des données") and person.stages == ["seed"]
    assert person.languages == ["fr", "ar"]
    notes = {p.column: p.message for p in registrations.warnings}
    assert notes["Ce que vous cherchez"] == "read as 'looking_for'"
    assert "not recognised" in notes["Horodateur"]


def test_an_organisers_mapping_wins_and_can_leave_a_column_out():
    text = ("Type,Org,Mail,Notre histoire,Remarques\n"
            "startup,Aqua,a@example.org,Compteurs d'eau.,à rappeler\n")
    registrations = parse_registrations(text.encode(), "x.csv", mapping={
        "Org": "organisation", "Mail": "email", "Notre histoire": "about", "Remarques": None})
    person = registrations.participants[0]
    assert (person.organisation, person.about) == ("Aqua", "Compteurs d'eau.")
    assert not [w for w in registrations.warnings if w.column == "Remarques"]


def test_an_import_that_leaves_every_profile_text_empty_is_an_error(db, tmp_path):
    path = tmp_path / "no-text.csv"
    path.write_text("kind,organisation,email,Notre histoire\nstartup,A,a@example.org,Eau\n",
                    encoding="utf-8")
    before = db_bytes(db)
    with pytest.raises(InvalidRegistrations) as caught:
        services.import_registrations(db, path)
    message = str(caught.value)
    assert "no profile text" in message and "Notre histoire" in message
    assert db_bytes(db) == before


def test_a_partial_reimport_without_texts_is_fine_when_profiles_have_them(db, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text(f"{HEADER}\nstartup,A,a@example.org,Water meters,Pilots\n", encoding="utf-8")
    services.import_registrations(db, first)
    caps = tmp_path / "caps.csv"
    caps.write_text("kind,organisation,email,max_meetings\nstartup,A,a@example.org,4\n",
                    encoding="utf-8")
    result = services.import_registrations(db, caps)
    assert result.report.updated == {"a@example.org": ["max_meetings"]}


def test_the_warnings_of_a_file_carry_their_real_row_numbers(db, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(f"{HEADER},country\nstartup,A,a@example.org,x,y,Maroc\n"
                    "startup,B,b@example.org,x,y,Atlantis\n", encoding="utf-8")
    warnings = services.import_registrations(db, path, dry_run=True).warnings
    assert [(w.row, w.column) for w in warnings if "Atlantis" in w.message] == [(3, None)]


def test_a_refused_import_leaves_the_database_byte_for_byte_unchanged(db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nstartup,A,a@example.org,Water,Pilots\n", encoding="utf-8")
    services.import_registrations(db, good)
    before = hashlib.sha256(db_bytes(db)).hexdigest()
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nstartup,A,a@example.org,Water,Pilots\nstartup,B\x07,b@x.org,x,y\n",
                   encoding="utf-8")
    with pytest.raises(InvalidRegistrations):
        services.import_registrations(db, bad)
    assert hashlib.sha256(db_bytes(db)).hexdigest() == before
    assert storage.count_rows(db, "participants") == 1


# --- a real Google Forms export ----------------------------------------------------------

def test_a_google_forms_export_imports_completely(db):
    from .conftest import REGISTRATIONS

    result = services.import_registrations(db, REGISTRATIONS / "google_forms_export.csv")
    assert len(result.report.created) == 9
    people = {p["organisation"]: p for p in storage.list_participants(db)}
    assert all(p["about"] and p["looking_for"] and p["offering"] for p in people.values())
    assert people["Atlas Climat Ventures"]["stages"] == ["seed", "series-a"]
    assert people["Atlas Climat Ventures"]["country"] == ["MA", "SN", "CI"]
    assert people["MedCities Fund"]["languages"] == ["en", "es", "fr"]
    assert people["Nakhla Data"]["sectors"] == ["urban-data", "ai"]
    assert people["طاقتي"]["contact_name"] == "ليلى بنعلي"
    assert people["Ville Numérique (fictive)"]["consent"] is False
    ignored = {w.column for w in result.warnings if "not recognised" in w.message}
    assert ignored == {"Horodateur", "Montant recherché (€)"}


def test_the_organisers_column_choices_are_remembered_for_the_next_file(db):
    from matchmaking.services import console as osv

    from .conftest import REGISTRATIONS

    content = (REGISTRATIONS / "google_forms_export.csv").read_bytes()
    choices = {c.header: c for c in osv.upload_columns(db, content, "form.csv")}
    assert (choices["Montant recherché (€)"].field, choices["Montant recherché (€)"].how) == (
        None, "unknown")
    assert choices["Ce que vous cherchez"].how == "question"
    assert choices["Adresse e-mail"].how == "known"
    assert choices["Nom de votre structure"].sample == "Nakhla Data"
    osv.save_column_mapping(db, {"Montant recherché (€)": "ticket_max", "Horodateur": None})
    again = {c.header: c for c in osv.upload_columns(db, content, "next-form.csv")}
    assert (again["Montant recherché (€)"].field, again["Montant recherché (€)"].how) == (
        "ticket_max", "choice")
    result = osv.import_upload(db, content, "next-form.csv", dry_run=False)
    assert not [w for w in result.warnings if "not recognised" in w.message]
    tickets = {p["organisation"]: p["ticket_max"] for p in storage.list_participants(db)}
    assert tickets["Nakhla Data"] == 400_000 and tickets["Watt Maroc"] == 250_000
    assert tickets["GreenRide"] == 1_500_000 and tickets["طاقتي"] is None
    rows = osv.preview_rows(result, default_taxonomy(), "fr")
    assert [r["row"] for r in rows] == list(range(2, 11))
    assert rows[0]["organisation"] == "Nakhla Data" and rows[0]["about"].startswith("Plateforme")


def test_a_participant_is_found_by_the_key_the_import_stored(db, tmp_path):
    path = tmp_path / "eszett.csv"
    path.write_text(f"{HEADER}\nstartup,A,Groß@example.org,x,y\nstartup,B,gross@example.org,"
                    "x,y\n", encoding="utf-8")
    services.import_registrations(db, path)
    assert storage.get_participant(db, " GROß@example.org ")["organisation"] == "A"
    assert storage.get_participant(db, "gross@example.org")["organisation"] == "B"
