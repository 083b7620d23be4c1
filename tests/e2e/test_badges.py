"""In a real browser: the organiser prints a participant's badge from the console (the PDF
downloaded by the browser), the test reads the badge's QR code from the printed page
(rendered by poppler, decoded by zxing-cpp), and checks that participant in on the check-in
page by typing the link and Enter as a USB scanner does; then a second badge is shown to
the desk's camera (Chromium's fake camera playing a picture of it) and checked in from the
picture. The participant's own "My badge" shows the same code."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

from matchmaking import storage
from matchmaking.services import badges
from matchmaking.services import console as osv

from .conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_app
from .test_organiser_flow import open_page, sign_in_as_organiser

DAY = "2024-06-05"  # the demo's first day: the check-in page opens on it


def _two_with_meetings(server) -> list[dict]:
    db = storage.open_database(server.db_path)
    try:
        busy = {m["participant_a"] for m in osv.meeting_rows(db, day=DAY)}
        people = [p for p in storage.list_participants(db) if not busy or p["id"] in busy]
        return sorted(people, key=lambda p: p["organisation"])[:2]
    finally:
        db.close()


def _arrived(server) -> set[int]:
    db = storage.open_database(server.db_path)
    try:
        return {pid for pid, _ in osv.arrivals(db, DAY)}
    finally:
        db.close()


def _print_badge(page, organisation: str, tmp_path: Path) -> bytes:
    open_page(page, "Exports")
    chooser = page.get_by_label("Only these participants (empty: everyone)")
    chooser.click()
    chooser.press_sequentially(organisation[:12])
    page.get_by_role("option", name=organisation).first.click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Badges (PDF)").click()
    assert download.value.suggested_filename.endswith("-badges-a6.pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "badge.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "badge.pdf"),
                    str(tmp_path / "badge")], check=True)
    return (tmp_path / "badge.png").read_bytes()


def _y4m(picture: bytes, path: Path, width: int = 640, height: int = 480) -> Path:
    """A video file for Chromium's fake camera: the picture on a grey desk, a few frames."""
    image = Image.open(io.BytesIO(picture)).convert("L")
    image.thumbnail((width - 40, height - 40))
    frame = Image.new("L", (width, height), 200)
    frame.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    luma = np.asarray(frame, dtype=np.uint8)
    chroma = np.full((height // 2, width // 2), 128, dtype=np.uint8)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            out.write(b"FRAME\n" + luma.tobytes() + chroma.tobytes() + chroma.tobytes())
    return path


def test_a_printed_badge_checks_its_holder_in_by_scanner_and_by_camera(server, context_factory,
                                                                       tmp_path):
    first, second = _two_with_meetings(server)
    page = context_factory(accept_downloads=True).new_page()
    sign_in_as_organiser(page, server)

    # printed from the console, read back from the paper
    [link] = badges.decode_qr(_print_badge(page, first["organisation"], tmp_path))
    assert link.startswith(f"{server.url}/signin?code=")

    # a USB scanner types the link, then Enter
    open_page(page, "Check-in")
    field = page.get_by_role("textbox", name="Scan a badge")
    field.click()
    field.press_sequentially(link, delay=2)
    field.press("Enter")
    page.get_by_text(f"Checked in: {first['contact_name']}").wait_for()
    page.get_by_text("Next meeting:").or_(page.get_by_text("No more meetings")).first.wait_for()
    assert first["id"] in _arrived(server)
    assert field.input_value() == ""  # ready for the next badge
    field.press_sequentially("not-a-badge", delay=2)
    field.press("Enter")
    page.get_by_text("is not a badge or a personal code").wait_for()

    # the second badge shown to the desk's camera
    badge_picture = _print_badge(page, second["organisation"], tmp_path)
    video = _y4m(badge_picture, tmp_path / "badge.y4m")
    camera_browser = page.context.browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"])
    try:
        desk = camera_browser.new_context(viewport={"width": 1280, "height": 900},
                                          locale="en-GB", permissions=["camera"])
        desk.add_cookies([{"name": "mm_lang", "value": "en", "domain": "127.0.0.1", "path": "/"}])
        desk.set_default_timeout(30_000)
        camera_page = desk.new_page()
        sign_in_as_organiser(camera_page, server)
        open_page(camera_page, "Check-in")
        camera_page.get_by_text("Or take a picture of the badge").first.click()
        camera_page.get_by_role("button", name="Take Photo").click(timeout=30_000)
        camera_page.get_by_text(f"Checked in: {second['contact_name']}").wait_for(
            timeout=30_000)
        assert second["id"] in _arrived(server)
    finally:
        camera_browser.close()


def test_my_badge_shows_the_printed_code(server, context_factory, tmp_path):
    person = _two_with_meetings(server)[0]
    page = context_factory().new_page()
    page.goto(server.link(person["email"]))
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="My profile").click()
    page.get_by_role("heading", level=1, name="My profile").wait_for()
    wait_for_app(page)
    page.get_by_text("My badge").first.click()
    shown = page.locator("[data-testid='stExpander'] [data-testid='stImage'] img").first
    shown.wait_for()
    page.wait_for_timeout(300)
    [link] = badges.decode_qr(shown.screenshot())
    db = storage.open_database(server.db_path)
    try:
        printed = badges.badge_entries(db, badges.services.access_secret(db, server.db_path),
                                       server.url, ids=[person["id"]])[0]["link"]
    finally:
        db.close()
    assert link == printed
