"""Arabic, emoji and CJK in the printed documents, looked at as printed: the PDFs are
rendered by poppler (``pdftoppm``), their words located with ``pdftotext -bbox``, and the
pixels of a word counted. Joined Arabic letters make fewer separate blobs of ink than the
same letters written apart; the bracket drawn at the left end of a right-to-left run must
open to the right, like "(". Emoji and CJK come from the fallback fonts, and a character no
font has is replaced visibly, with a warning, never dropped."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from matchmaking.documents import pdf_text, reports

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"),
                                reason="needs poppler-utils (make test installs it)")

EVENT = {"name": "Village — Casablanca", "timezone": "Africa/Casablanca", "venue": "Hall",
         "city": "Casablanca", "days": [{"date": "2024-06-05"}]}
NAME = "محمد العلمي"  # محمد: four letters that all join (one blob); apart they are four
ORGANISATION = "شركة محمد للماء (الدار البيضاء)"
COUNTERPART = "صندوق الأطلس 🚀 東京"


def _agenda(lang: str = "fr", organisation: str = ORGANISATION, counterpart: str = COUNTERPART
            ) -> bytes:
    return reports.participant_agendas(EVENT, [{
        "organisation": organisation, "contact_name": NAME, "kind": "startup", "booth": "B-2",
        "meetings": [{"day": "2024-06-05", "start": "09:30", "end": "09:50", "table": "T01",
                      "location": "Zone A", "with": counterpart, "with_kind": "investor",
                      "status": "confirmed"}]}], lang)


def _words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) of every word of page 1, in points."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html)]


def _render(pdf: Path, dpi: int = 300) -> np.ndarray:
    """Page 1 as a boolean array: True where there is ink."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1",
                    "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    return np.asarray(Image.open(pdf.with_suffix(".png")).convert("L")) < 128


def _box(word: str, words) -> tuple[float, float, float, float]:
    """The box of a word, however the extractor ordered its letters (logical or visual)."""
    found = [w for w in words if w[0] in (word, word[::-1])]
    assert found, f"{word!r} not found among {[w[0] for w in words]}"
    return found[0][1:]


def _blobs(ink: np.ndarray, box, dpi: int = 300) -> int:
    scale = dpi / 72
    x0, y0, x1, y1 = (int(round(v * scale)) for v in box)
    _, count = ndimage.label(ink[y0:y1, x0:x1], structure=np.ones((3, 3)))
    return count


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_arabic_letters_are_joined_as_printed(tmp_path):
    shaped = _write(tmp_path, "shaped.pdf", _agenda())
    assert _blobs(_render(shaped), _box("محمد", _words(shaped))) == 1
    # the same page without shaping (isolated letter forms): the check can fail
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_text, "shaping_available", lambda: False)
        isolated = _write(tmp_path, "isolated.pdf", _agenda())
    assert _blobs(_render(isolated), _box("محمد", _words(isolated))) == 4


def test_arabic_reads_right_to_left_with_brackets_mirrored(tmp_path):
    pdf = _write(tmp_path, "agenda.pdf", _agenda())
    words = _words(pdf)
    # right to left: the first word of a name is printed to the right of the second
    assert _box("محمد", [w for w in words if w[2] > 85])[0] > _box("العلمي", words)[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    text = re.sub("[\u202a-\u202e]", "", text)  # read back in logical order
    assert "شركة محمد للماء" in text and "الدار البيضاء" in text
    # the bracket at the left end of "(الدار البيضاء)" closes the run: drawn as "(", it opens
    # to the right, its middle further left than its ends
    x0, y0, x1, y1 = next(w for w in words if w[0].startswith(")"))[1:]
    ink = _render(pdf)
    scale = 300 / 72
    glyph = ink[int(y0 * scale):int(y1 * scale), int(x0 * scale):int((x0 + 5) * scale)]
    rows = np.nonzero(glyph.any(axis=1))[0]
    top, bottom = rows.min(), rows.max()
    third = (bottom - top) // 3

    def mean_x(lo: int, hi: int) -> float:
        return float(np.nonzero(glyph[lo:hi])[1].mean())

    ends = (mean_x(top, top + third // 2) + mean_x(bottom - third // 2, bottom + 1)) / 2
    assert mean_x(top + third, bottom - third) < ends - 1


def test_emoji_and_cjk_are_drawn_from_the_fallback_fonts(tmp_path):
    pdf = _write(tmp_path, "agenda.pdf", _agenda())
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout
    assert "Symbola" in fonts and "DroidSansFallback" in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "🚀" in text and "東京" in text and "\ufffd" not in text
    rocket = _box("🚀", _words(pdf))
    assert _blobs(_render(pdf), rocket) >= 1  # ink where the emoji is


def _uncovered() -> str:
    covered = pdf_text._covered((pdf_text.font_path(), *(p for _, p in
                                                         pdf_text.fallback_paths())))
    # recent emoji (Unicode 14-15) that the Debian fonts predate
    return next(c for c in "\U0001FAE8\U0001FAE3\U0001FAE0\U0001FAF7" if ord(c) not in covered)


def test_a_character_no_font_has_is_replaced_visibly_and_warned(tmp_path, caplog):
    missing = _uncovered()
    with caplog.at_level(logging.WARNING, logger=pdf_text.__name__):
        pdf = _write(tmp_path, "agenda.pdf", _agenda(counterpart=f"Atlas {missing} Fund"))
    assert f"U+{ord(missing):04X}" in caplog.text
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Atlas \ufffd Fund" in text  # in its place, not dropped


def test_without_fallback_fonts_emoji_are_replaced_not_dropped(caplog):
    from fpdf import FPDF

    doc = FPDF()
    with caplog.at_level(logging.WARNING, logger=pdf_text.__name__):
        writing = pdf_text.install(doc, pdf_text.font_path(), fallbacks=())
        assert writing.clean("Eau 💧 مياه") == "Eau \ufffd مياه"
    assert "U+1F4A7" in caplog.text


def test_arabic_documents_are_right_aligned_and_every_pdf_is_shaped(tmp_path, scheduled_demo):
    from matchmaking.domain.taxonomy import default_taxonomy
    from matchmaking.services import console as osv

    pdf = _write(tmp_path, "ar.pdf", _agenda(lang="ar"))
    title = _box("اللقاءات", _words(pdf))  # "أجندة اللقاءات": the heading is an Arabic paragraph
    assert title[2] > 500  # ends at the right margin (A4: 595 pt wide, 42.5 pt margin)
    words = _words(pdf)
    assert _box("الوقت", words)[0] > _box("الحالة", words)[0]  # the first column on the right
    db = scheduled_demo[0]
    someone = next(m["participant_a"] for m in osv.meeting_rows(db))
    table = osv.table_rows(db)[0]["id"]
    for made, label in ((osv.participant_agenda_pdf(db, [someone], lang="ar"), "أجندة اللقاءات"),
                        (osv.table_agenda_pdf(db, [table], lang="ar"), "جدول الطاولة"),
                        (osv.report_pdf(db, default_taxonomy(), lang="ar"),
                         "تقرير ما بعد الحدث")):
        path = _write(tmp_path, "doc.pdf", made)
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert label in re.sub("[\u202a-\u202e]", "", text)
        assert _box(label.split()[0], _words(path))[2] > 500  # right-aligned heading
