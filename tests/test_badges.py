"""Badges and check-in by QR code, on real files: the badge PDF is rendered by poppler
(``pdftoppm``), its QR codes decoded by zxing-cpp, and each decoded link must sign its
holder in; the check-in desk takes scanned links and typed codes, and names what is wrong
with the others (not a code, another event, unknown, replaced, taken off the event)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from matchmaking import storage
from matchmaking.cli import main
from matchmaking.domain.access import code_from_text
from matchmaking.services import badges
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import images

# the console's fixtures: a scheduled demo event and a signed-in organiser (AppTest)
from .test_organiser_app import DAY, after_jobs, console, edb, event_path, go  # noqa: F401

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"),
                                reason="needs poppler-utils (make test installs it)")
BASE = "http://10.0.0.5:8501"


def pages(pdf: bytes, tmp_path: Path, dpi: int = 150, last: int = 2) -> list[bytes]:
    """The first pages of a PDF as PNG images."""
    source = tmp_path / "badges.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", str(last), str(source),
                    str(tmp_path / "page")], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob("page-*.png"))]


def text_of(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(source), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def demo(demo_db_path):
    db = storage.open_database(demo_db_path)
    yield db, demo_db_path
    db.close()


def _people(db, count: int) -> list[dict]:
    rows = sorted(storage.list_participants(db), key=lambda p: p["organisation"].casefold())
    return rows[:count]


def test_each_a6_badge_decodes_to_a_link_that_signs_its_holder_in(demo, tmp_path):
    db, path = demo
    chosen = _people(db, 2)
    pdf = badges.badges_pdf(db, path, BASE, ids=[p["id"] for p in chosen])
    images_ = pages(pdf, tmp_path)
    assert len(images_) == 2  # one badge per A6 page
    width, height = Image.open(io.BytesIO(images_[0])).size
    assert abs(width - 620) <= 1 and abs(height - 874) <= 1  # 105 x 148 mm at 150 dpi
    for person, page in zip(chosen, images_):
        [link] = badges.decode_qr(page)
        assert link.startswith(f"{BASE}/signin?code=")
        signed_in = services.sign_in(db, code_from_text(link), ["session:test"])
        assert signed_in["id"] == person["id"]
    text = text_of(pdf, tmp_path)
    assert chosen[0]["organisation"] in text and (chosen[0]["contact_name"] or "") in text


def test_a_sheet_holds_eight_labels_each_decoding_to_its_own_link(demo, tmp_path):
    db, path = demo
    chosen = _people(db, 9)
    pdf = badges.badges_pdf(db, path, BASE, layout="sheet", ids=[p["id"] for p in chosen])
    first, second = pages(pdf, tmp_path)
    links = badges.decode_qr(first)
    assert len(set(links)) == 8
    owners = {services.sign_in(db, code_from_text(x), ["session:test"])["id"] for x in links}
    assert owners == {p["id"] for p in chosen[:8]}
    assert len(badges.decode_qr(second)) == 1


def test_the_kind_is_in_the_holders_language_or_the_organisers(demo, tmp_path):
    db, path = demo
    person = next(p for p in storage.list_participants(db) if p["kind"] == "investor")
    own = badges.badge_entries(db, services.access_secret(db, path), BASE, ids=[person["id"]])
    wanted = {"fr": "investisseur", "en": "investor", "ar": "مستثمر"}
    assert own[0]["kind_label"].startswith(wanted[
        badges.interface_language_of(db, person["id"])])
    pdf = badges.badges_pdf(db, path, BASE, ids=[person["id"]], lang="en")
    assert "investor" in text_of(pdf, tmp_path)


def test_the_logo_is_printed_and_arabic_names_are_written(demo, tmp_path):
    db, path = demo
    person = _people(db, 1)[0]
    logo = Image.new("RGB", (400, 200), (10, 120, 200))
    out = io.BytesIO()
    logo.save(out, format="PNG")
    images.set_participant_image(db, person["id"], out.getvalue())
    osv.edit_participant(db, person["id"], {"contact_name": "ليلى بنعلي"})
    pdf = badges.badges_pdf(db, path, BASE, ids=[person["id"]])
    listed = tmp_path / "logo.pdf"
    listed.write_bytes(pdf)
    found = subprocess.run(["pdfimages", "-list", str(listed)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert len(found) == 1 and " 256 " in found[0]  # the stored 256 x 128 logo
    assert "ليلى بنعلي" in text_of(pdf, tmp_path).replace("\u202b", "").replace("\u202c", "")


def test_bad_requests_for_badges_are_refused_clearly(demo):
    db, path = demo
    with pytest.raises(badges.InvalidLayout, match="a6, sheet"):
        badges.badges_pdf(db, path, BASE, layout="a4")
    with pytest.raises(storage.StorageError, match="must begin with http"):
        badges.badges_pdf(db, path, "10.0.0.5:8501")
    with pytest.raises(storage.StorageError, match="no active participant with id 999999"):
        badges.badges_pdf(db, path, BASE, ids=[999_999])


# --- the check-in desk --------------------------------------------------------------------

@pytest.fixture
def desk(scheduled_demo):
    db, path, _ = scheduled_demo
    meeting = next(m for m in osv.meeting_rows(db))
    person = next(p for p in storage.list_participants(db) if p["id"] == meeting["participant_a"])
    [entry] = badges.badge_entries(db, services.access_secret(db, path), BASE, ids=[person["id"]])
    return db, path, person, entry["link"], meeting["day"]


def test_a_scanned_badge_checks_its_holder_in_with_the_next_meeting(desk):
    db, path, person, link, day = desk
    done = badges.check_in_scan(db, path, link + "\n", day, now_utc="2000-01-01T00:00:00Z")
    assert done.participant["id"] == person["id"] and not done.already
    assert done.next_meeting["time"] and done.next_meeting["table"] and done.meetings_today >= 1
    assert (person["id"], day) in osv.arrivals(db, day)
    again = badges.check_in_scan(db, path, code_from_text(link).upper(), day)  # typed by hand
    assert again.already and again.since == done.since
    assert again.next_meeting is None or again.next_meeting["time"]


def _refusal(desk, text: str) -> str:
    db, path, _, _, day = desk
    before = osv.arrivals(db, day)
    with pytest.raises(badges.ScanRefused) as refused:
        badges.check_in_scan(db, path, text, day)
    assert osv.arrivals(db, day) == before  # nobody checked in
    return refused.value.code


def test_what_is_not_a_badge_of_this_event_is_refused_with_its_reason(desk):
    db, path, person, link, day = desk
    assert _refusal(desk, "") == "scan_not_code"
    assert _refusal(desk, "hello there") == "scan_not_code"
    assert _refusal(desk, "https://example.org/?q=1") == "scan_not_code"
    other = badges.badge_link(BASE, code_from_text(link), badges.event_tag(b"another secret"))
    assert _refusal(desk, other) == "scan_wrong_event"
    assert _refusal(desk, "a" * 26) == "scan_unknown"
    services.issue_access_codes(db, services.access_secret(db, path), regenerate=True,
                                emails=[person["email"]])
    assert _refusal(desk, link) == "scan_revoked"
    [fresh] = badges.badge_entries(db, services.access_secret(db, path), BASE,
                                   ids=[person["id"]])
    osv.set_participant_active(db, person["id"], False)
    assert _refusal(desk, fresh["link"]) == "scan_inactive"


def _a_link(demo) -> tuple[dict, str]:
    db, path = demo
    person = _people(db, 1)[0]
    [entry] = badges.badge_entries(db, services.access_secret(db, path), BASE, ids=[person["id"]])
    return person, entry["link"]


def test_a_camera_picture_of_a_badge_is_decoded_offline(demo):
    _, link = _a_link(demo)
    qr = Image.open(io.BytesIO(badges.qr_png(link, scale=6))).convert("L")
    scene = Image.new("L", (900, 700), 170)  # a grey desk, the badge a bit turned and blurred
    scene.paste(qr.rotate(8, expand=True, fillcolor=255), (230, 120))
    noise = Image.effect_noise((900, 700), 25)
    scene = Image.blend(scene, noise, 0.15).filter(ImageFilter.GaussianBlur(1.2))
    photo = io.BytesIO()
    scene.convert("RGB").save(photo, format="JPEG", quality=60)
    assert badges.decode_qr(photo.getvalue()) == [link]
    assert badges.decode_qr(b"not a picture") == []
    blank = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(blank, format="PNG")
    assert badges.decode_qr(blank.getvalue()) == []


def test_the_participants_own_badge_is_the_printed_one(demo):
    db, path = demo
    person, link = _a_link(demo)
    shown, png = badges.personal_badge(db, path, person["id"], BASE)
    assert shown == link and badges.decode_qr(png) == [link]


def test_the_badges_command(demo, tmp_path, capsys):
    db, path = demo
    chosen = [p["id"] for p in _people(db, 3)]
    out = tmp_path / "b.pdf"
    args = ["--db", str(path), "badges", "--base-url", BASE, "--out", str(out),
            "--layout", "sheet"]
    assert main([*args, *[x for pid in chosen for x in ("--ids", str(pid))]]) == 0
    assert "wrote" in capsys.readouterr().out
    assert len(badges.decode_qr(pages(out.read_bytes(), tmp_path, last=1)[0])) == 3
    assert main([*args, "--ids", "999999"]) == 1
    assert "no active participant with id 999999" in capsys.readouterr().err
    assert main(["--db", str(path), "badges", "--base-url", BASE, "--out", str(out),
                 "--layout", "a4"]) == 2


# --- the console's pages (AppTest) ----------------------------------------------------------

def test_the_check_in_page_takes_a_scan_and_names_what_is_wrong(console, edb, event_path):
    go(console, "console_checkin_page.py")
    person = next(p for p in storage.list_participants(edb) if p["id"] in {
        m["participant_a"] for m in osv.meeting_rows(edb, day=DAY)})
    [entry] = badges.badge_entries(edb, services.access_secret(edb, event_path), BASE,
                                   ids=[person["id"]])
    console.text_input(key="o.checkin.scan").input(entry["link"]).run()
    assert not console.exception
    message = console.success[0].value
    assert person["organisation"] in message and "Checked in" in message
    assert "Next meeting" in message or "No more meetings" in message
    assert (person["id"], DAY) in osv.arrivals(edb, DAY)
    assert console.text_input(key="o.checkin.scan").value == ""  # ready for the next badge
    console.text_input(key="o.checkin.scan").input(entry["link"]).run()
    assert "Already checked in at" in console.warning[0].value
    console.text_input(key="o.checkin.scan").input("hello").run()
    assert "is not a badge or a personal code" in console.error[0].value
    other = badges.badge_link(BASE, code_from_text(entry["link"]), badges.event_tag(b"x"))
    console.text_input(key="o.checkin.scan").input(other).run()
    assert "belongs to another event" in console.error[0].value


def test_everyones_badges_are_made_by_a_background_job(console, edb, event_path, tmp_path):
    from matchmaking.services import jobs as job_service

    go(console, "console_exports_page.py")
    console.radio(key="o.badges.layout").set_value("sheet").run()
    console.button(key="o.exports.make.badges").click().run()
    after_jobs(console, edb)
    labels = [b.proto.label for b in console.get("download_button")]
    assert any(x.startswith("Download Badges (PDF) (made at ") for x in labels), labels
    job = next(j for j in job_service.list_jobs(edb) if j["params"].get("what") == "badges")
    assert job["params"]["layout"] == "sheet"
    made = job_service.export_file(event_path, job).read_bytes()
    first = pages(made, tmp_path, last=1)[0]
    assert len(badges.decode_qr(first)) == 8  # a full sheet of everyone's
