"""In a real browser: an organiser uploads a form export whose columns are worded their own
way; the console says which field each column fills, the organiser maps the ones it could
not read, checks what each row becomes, and imports. The screenshot is the README's."""

from __future__ import annotations

from matchmaking import storage

from .conftest import wait_for_app
from .test_organiser_flow import count_participants, open_page, shoot, sign_in_as_organiser

FORM = ("Horodateur,Adresse e-mail,Vous êtes,Raison d'être,Notre histoire,"
        "Ce que vous cherchez,Quel est votre stade ?,Langues parlées\r\n"
        '"2024/05/02 9:14:05",mapper-1@example.org,Start-up,Oued Data,"Capteurs de crues pour '
        'les oueds.","Un pilote avec une commune.",Amorçage,"Français, Arabe"\r\n'
        '"2024/05/02 9:20:41",mapper-2@example.org,Investisseur,Fonds Sebou,"Fonds '
        'd\'amorçage eau et climat.","Des start-ups de l\'eau.","Amorçage, Série A",'
        '"Français, Anglais"\r\n')


def choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_columns_of_their_own_wording_are_mapped_then_imported(server, context_factory,
                                                                tmp_path):
    page = context_factory().new_page()
    sign_in_as_organiser(page, server)
    open_page(page, "Registrations")
    before = count_participants(server)

    upload = tmp_path / "formulaire.csv"
    upload.write_text(FORM, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(upload))
    # nothing says "organisation" yet: refused, and the columns are offered for mapping
    page.get_by_text("missing required column").first.wait_for(state="attached")
    page.get_by_text("Columns of this file").wait_for()
    wait_for_app(page)
    choose(page, "Raison d'être", "organisation")
    choose(page, "Notre histoire", "about")
    choose(page, "Horodateur", "(leave out)")
    wait_for_app(page)
    shoot(page, "console-column-mapper", 1500)
    page.get_by_role("button", name="Use these columns").click()
    page.get_by_text("is valid. Nothing is written yet").wait_for()
    wait_for_app(page)
    page.get_by_text("What each row becomes (2)").click()
    page.get_by_text("Oued Data").first.wait_for(state="attached")
    wait_for_app(page)
    shoot(page, "console-import-preview", 1300)
    assert count_participants(server) == before

    page.get_by_role("button", name="Import: 2 new, 0 updated").click()
    page.get_by_text("2 new and 0 updated participants imported").wait_for()
    db = storage.open_database(server.db_path)
    try:
        oued = storage.get_participant(db, "mapper-1@example.org")
        mapping = storage.get_event(db)["settings"]["column_mapping"]
    finally:
        db.close()
    assert oued["organisation"] == "Oued Data" and oued["about"].startswith("Capteurs")
    assert oued["stages"] == ["seed"] and oued["languages"] == ["fr", "ar"]
    assert mapping["Raison d'être"] == "organisation" and mapping["Horodateur"] is None
