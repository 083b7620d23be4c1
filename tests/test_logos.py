"""Logos and photos: what an upload must be (PNG, JPEG or WebP decoded by Pillow, under the
size and pixel limits), what is kept (upright, at most 256 px, PNG with no metadata), and
how it is read back (``participant_logo``)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from matchmaking import storage
from matchmaking.domain.images import MAX_SIDE, InvalidImage, prepare_image
from matchmaking.services import images
from matchmaking.storage import meetings as ms

from .test_participant_app import env  # noqa: F401  (participants signed in with AppTest)


def _encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _photo_with_metadata() -> bytes:
    """A JPEG taken sideways, with a GPS position and a camera serial number in its EXIF."""
    image = Image.new("RGB", (1200, 600), "white")
    image.paste((200, 30, 30), (0, 0, 300, 600))  # a red band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show it upright
    exif[0xA431] = "SN-123456"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (33.0, 35.0, 0.0)}  # GPS latitude
    return _encoded(image, "JPEG", exif=exif.tobytes())


@pytest.fixture
def demo(demo_db_path):
    db = storage.open_database(demo_db_path)
    yield db, storage.list_participants(db)[0]["id"]
    db.close()


def test_a_photo_is_stored_upright_small_and_without_its_metadata(demo):
    db, pid = demo
    kept = images.set_participant_image(db, pid, _photo_with_metadata(), kind="photo")
    assert (kept.width, kept.height) == (128, 256)  # turned upright (600 x 1200), then shrunk
    data = images.participant_photo(db, pid)
    assert data == kept.data and data.startswith(b"\x89PNG")
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "PNG" and max(stored.size) == MAX_SIDE
    assert not stored.getexif() and not stored.info.get("exif")
    assert b"SN-123456" not in data and b"Exif" not in data
    assert stored.convert("RGB").getpixel((64, 5))[0] > 150  # the red band is now on top
    assert images.participant_logo(db, pid) is None  # a photo is not a logo


def test_png_with_transparency_and_webp_are_accepted_and_replace_the_logo(demo):
    db, pid = demo
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "made on a laptop called desk-7")
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    logo.paste((0, 90, 160, 255), (0, 0, 150, 100))
    images.set_participant_image(db, pid, _encoded(logo, "PNG", pnginfo=info))
    first = images.participant_logo(db, pid)
    assert Image.open(io.BytesIO(first)).mode == "RGBA" and b"desk-7" not in first
    images.set_participant_image(db, pid, _encoded(Image.new("RGB", (64, 64), "green"), "WEBP"))
    second = Image.open(io.BytesIO(images.participant_logo(db, pid)))
    assert second.size == (64, 64)  # small images are not enlarged
    assert images.participants_with_images(db)[pid] == {"logo"}
    assert images.remove_participant_image(db, pid) is True
    assert images.participant_logo(db, pid) is None


@pytest.mark.parametrize("data, code", [
    (b"", "image_empty"),
    (b"organisation,email\nAqua,a@example.org\n", "image_not_image"),
    (b"%PDF-1.7\n" + b"0" * 100, "image_not_image"),
    (_encoded(Image.new("RGB", (20, 20)), "GIF"), "image_not_image"),  # not one of the three
    (_encoded(Image.new("RGB", (20, 20)), "BMP"), "image_not_image"),
    (_encoded(Image.new("RGB", (400, 400), "red"), "PNG")[:300], "image_broken"),  # truncated
    (_encoded(Image.new("1", (7000, 7000)), "PNG"), "image_too_many_pixels"),  # 49 MP, ~8 KB
    (_encoded(Image.new("1", (12000, 12000)), "PNG"), "image_too_many_pixels"),  # Pillow's bomb
], ids=["empty", "csv", "pdf", "gif", "bmp", "truncated", "49-megapixels", "bomb"])
def test_what_is_not_a_usable_image_is_refused_with_its_reason(demo, data, code):
    db, pid = demo
    with pytest.raises(InvalidImage) as refused:
        images.set_participant_image(db, pid, data, name="logo.png")
    assert refused.value.code == code
    assert "logo.png" in str(refused.value)
    assert images.participant_logo(db, pid) is None  # nothing stored


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded():
    with pytest.raises(InvalidImage, match=r"is 2\.0 MB; the limit is 1 MB") as refused:
        prepare_image(b"\x89PNG" + b"\0" * 2_000_000, max_bytes=1_000_000)
    assert refused.value.code == "image_too_big"


def test_an_image_for_nobody_is_refused_and_the_change_is_audited(demo):
    db, pid = demo
    png = _encoded(Image.new("RGB", (10, 10)), "PNG")
    with pytest.raises(storage.NotFound):
        images.set_participant_image(db, 999_999, png)
    with pytest.raises(ValueError, match="unknown image kind"):
        images.set_participant_image(db, pid, png, kind="banner")
    images.set_participant_image(db, pid, png, actor="organiser")
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity_id = ? "
                                        "AND actor = 'organiser'", [str(pid)])]
    assert "participant.image_saved" in actions


def test_the_other_sides_logo_is_on_an_agenda_card(env):
    from .test_participant_app import open_page, signed_in

    aqua, blue = env.ids["aqua"], env.ids["blue"]
    slot = ms.common_free_slots(env.db, aqua, blue)[0]
    storage.book_meeting(env.db, aqua, blue, slot["id"], storage.list_tables(env.db)[0]["id"])
    at = open_page(signed_in(env, "aqua@example.org"), "agenda")
    assert not at.get("image")  # no logo yet
    images.set_participant_image(env.db, blue, _encoded(Image.new("RGB", (90, 30), "navy"),
                                                        "PNG"))
    at = open_page(signed_in(env, "aqua@example.org"), "agenda")
    assert len(at.get("image")) == 1
    assert images.participant_logos(env.db, [aqua, blue]).keys() == {blue}


def test_the_other_sides_logo_is_on_a_request_card(env):
    from .test_participant_app import open_page, signed_in

    aqua, blue = env.ids["aqua"], env.ids["blue"]
    ms.create_request(env.db, aqua, blue, rules=ms.RequestRules(), note="hello")
    images.set_participant_image(env.db, aqua, _encoded(Image.new("RGB", (60, 60), "teal"),
                                                        "WEBP"))
    at = open_page(signed_in(env, "blue@example.org"), "requests")
    assert len(at.get("image")) == 1  # on the received request, from Aqua
