"""In a real browser: the organiser prints a participant's badge from the console (the PDF
downloaded by the browser), the test reads the badge's QR code from the printed page
(rendered by poppler, decoded by zxing-cpp), and checks that participant in on the check-in
page by typing the link and Enter as a USB scanner does; then a second badge is shown to
the desk's camera (Chromium's fake camera playing a picture of it) and checked in from the
picture. The participant's own "My badge" shows the same code."""

from __future__ import annotations

import io
import subprocess
import time
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from matchmaking import storage
from matchmaking.services import badges
from matchmaking.services import console as osv

from .conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_app
from .test_organiser_flow import open_page, sign_in_as_organiser

DAY = "2024-06-05"  # the demo's first day: the check-in page opens on it


def _two_participants(server) -> list[dict]:
    """Two participants, with meetings that day if the shared server has any by now."""
    db = storage.open_database(server.db_path)
    try:
        busy = {m["participant_a"] for m in osv.meeting_rows(db, day=DAY)}
        people = [p for p in storage.list_participants(db) if not busy or p["id"] in busy]
        return sorted(people, key=lambda p: (p["organisation"].casefold(), p["id"]))[:2]
    finally:
        db.close()


def _arrived(server) -> set[int]:
    db = storage.open_database(server.db_path)
    try:
        return {pid for pid, _ in osv.arrivals(db, DAY)}
    finally:
        db.close()


def _print_badges(page, organisations: list[str], tmp_path: Path) -> list[bytes]:
    """Their badges, chosen and downloaded on the exports page, as printed pages (PNG)."""
    open_page(page, "Exports")
    chooser = page.get_by_label("Only these participants (empty: everyone)")
    for organisation in organisations:
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
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "badges.pdf"),
                    str(tmp_path / "badge")], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob("badge-*.png"))]


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


def _take_photo_until(page, expected: str, patience_s: float = 240) -> None:
    """Take the camera's picture until the page shows `expected`. A frame caught before the
    video settles may show no code: clear it and take another. On a busy machine the camera's
    start, the upload and the page's run can each take long, so the wait is on a deadline
    rather than on a fixed number of tries."""
    done = page.get_by_text(expected)
    none_found = page.get_by_text("No QR code found in the picture")
    take, clear = (page.get_by_role("button", name="Take Photo"),
                   page.get_by_role("button", name="Clear photo"))
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if done.count():
            return
        if clear.count():  # a picture from an earlier try: clear it for a new one
            clear.first.click()
            none_found.first.wait_for(state="hidden", timeout=60_000)
        take.first.click(timeout=60_000)
        try:
            done.or_(none_found).first.wait_for(timeout=60_000)
        except PlaywrightTimeout:
            continue  # the page is still running: look again
    done.wait_for(timeout=1_000)


def test_a_printed_badge_checks_its_holder_in_by_scanner_and_by_camera(server, browser,
                                                                       tmp_path):
    first, second = _two_participants(server)
    # the desk's browser, with a camera playing a video of the badge shown to it (Chromium
    # opens the file when the camera starts: it is written below, before that)
    video = tmp_path / "badge.y4m"
    desk_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"])
    try:
        desk = desk_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                        permissions=["camera"], accept_downloads=True)
        desk.add_cookies([{"name": "mm_lang", "value": "en", "domain": "127.0.0.1", "path": "/"}])
        desk.set_default_timeout(30_000)
        page = desk.new_page()
        sign_in_as_organiser(page, server)

        # printed from the console, read back from the paper
        printed = _print_badges(page, [first["organisation"], second["organisation"]],
                                tmp_path)
        assert len(printed) == 2  # one A6 page each, in the order of their organisations
        [link] = badges.decode_qr(printed[0])
        assert link.startswith(f"{server.url}/signin?code=")
        _y4m(printed[1], video)

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
        page.get_by_text("Or take a picture of the badge").first.click()
        _take_photo_until(page, f"Checked in: {second['contact_name']}")
        assert second["id"] in _arrived(server)
    finally:
        desk_browser.close()


def test_my_badge_shows_the_printed_code(server, context_factory, tmp_path):
    person = _two_participants(server)[0]
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
    # and the badge's link, opened from a phone, signs its holder in
    phone = context_factory().new_page()
    phone.goto(link)
    wait_for_app(phone)
    assert "signin=" not in phone.url
    phone.locator("[data-testid='stSidebarNav']").get_by_role("link", name="My profile").wait_for()
