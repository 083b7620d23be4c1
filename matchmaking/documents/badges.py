"""Printable name badges with the QR code of each participant's personal link: A6, one per
page (``a6``), or A4 sheets of 2 x 4 labels of 105 x 74 mm (``sheet``, common label
stock). Pure apart from returning bytes: the caller gives plain entries.

An entry: ``{"name", "organisation", "kind_label", "kind", "link", "logo"?: PNG bytes}``.
The QR code is drawn as vector squares (sharp at any printer resolution), with a quiet
zone of four modules and error correction M, which a phone camera or a desk scanner reads
from the paper or from a phone screen.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from fpdf import FPDF

from matchmaking.documents import pdf_text

LAYOUTS = ("a6", "sheet")
SHEET_COLUMNS, SHEET_ROWS = 2, 4
# a colour band per kind, so the desk sees at a glance who is who
KIND_COLOURS = {"startup": (52, 101, 164), "investor": (89, 161, 79),
                "partner": (242, 142, 43)}


class InvalidLayout(ValueError):
    pass


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR code's modules (True: dark), quiet zone included."""
    import segno

    code = segno.make_qr(link, error="m")
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=4)]


def qr_png(link: str, scale: int = 8) -> bytes:
    """The QR code as a PNG (for a page, a phone screen, an e-mail)."""
    import segno

    out = io.BytesIO()
    segno.make_qr(link, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


class _Badges(FPDF):
    def __init__(self, layout: str):
        if layout == "a6":
            super().__init__(orientation="portrait", unit="mm", format=(105, 148))
        else:
            super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.writing = pdf_text.install(self, pdf_text.font_path())
        self.family = self.writing.family

    def fitted(self, text: str, width: float, style: str, size: float, smallest: float
               ) -> float:
        """The largest font size from ``size`` down to ``smallest`` at which ``text`` fits
        on one line of ``width`` (longer texts wrap at the smallest)."""
        while size > smallest:
            self.set_font(self.family, style, size)
            if self.get_string_width(text) <= width:
                return size
            size -= 0.5
        return smallest

    def line_of(self, text: str, x: float, y: float, width: float, style: str, size: float,
                smallest: float) -> float:
        """Centred text in a box, shrunk to fit; returns the y below it."""
        text = self.writing.clean(text)
        if not text:
            return y
        size = self.fitted(text, width, style, size, smallest)
        self.set_font(self.family, style, size)
        height = size * 0.45
        self.set_xy(x, y)
        self.multi_cell(width, height, text, align="C", new_x="LMARGIN", new_y="NEXT")
        return self.get_y()

    def qr(self, link: str, x: float, y: float, side: float) -> None:
        matrix = qr_matrix(link)
        module = side / len(matrix)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):  # runs of dark modules as one rectangle each
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.rect(x + start * module, y + r * module, (c - start) * module,
                              module + 0.01, style="F")
                else:
                    c += 1

    def logo(self, data: bytes | None, x: float, y: float, width: float, height: float) -> None:
        if not data:
            return
        try:
            self.image(io.BytesIO(data), x=x, y=y, w=width, h=height, keep_aspect_ratio=True)
        except Exception:  # an image fpdf2 cannot place: the badge without it
            return

    def badge(self, entry: dict[str, Any], event_name: str, x: float, y: float, w: float,
              h: float) -> None:
        colour = KIND_COLOURS.get(entry.get("kind") or "", (120, 120, 120))
        self.set_draw_color(200, 200, 200)
        self.rect(x + 1, y + 1, w - 2, h - 2)  # a cutting guide
        self.set_text_color(110, 110, 110)
        pad = 5.0
        if h > w:  # A6 portrait: logo, name, organisation, kind, QR below
            self.line_of(event_name, x + pad, y + 5, w - 2 * pad, "", 9, 7)
            top = y + 12
            if entry.get("logo"):
                self.logo(entry["logo"], x + w / 2 - 15, top, 30, 18)
                top += 21
            self.set_text_color(0, 0, 0)
            below = self.line_of(entry.get("name") or entry["organisation"], x + pad, top,
                                 w - 2 * pad, "B", 22, 12)
            if entry.get("name"):
                below = self.line_of(entry["organisation"], x + pad, below + 1, w - 2 * pad,
                                     "", 15, 9)
            self.kind_band(entry, colour, x + pad, below + 2, w - 2 * pad, 7, 11)
            side = min(w - 2 * 15, y + h - (below + 12) - 6)
            self.qr(entry["link"], x + (w - side) / 2, y + h - side - 6, side)
        else:  # a label: text on the left, QR on the right
            side = min(h - 2 * 6, 42.0)  # leaves the text half the label
            text_w = w - side - 3 * pad
            self.line_of(event_name, x + pad, y + 4, text_w, "", 7, 6)
            top = y + 9
            if entry.get("logo"):
                self.logo(entry["logo"], x + pad + text_w / 2 - 11, top, 22, 12)
                top += 14
            self.set_text_color(0, 0, 0)
            below = self.line_of(entry.get("name") or entry["organisation"], x + pad, top,
                                 text_w, "B", 16, 9)
            if entry.get("name"):
                below = self.line_of(entry["organisation"], x + pad, below + 0.5, text_w, "",
                                     11, 7)
            self.kind_band(entry, colour, x + pad, below + 1.5, text_w, 5.5, 9)
            self.qr(entry["link"], x + w - side - pad, y + (h - side) / 2, side)
        self.set_text_color(0, 0, 0)

    def kind_band(self, entry: dict[str, Any], colour: tuple[int, int, int], x: float, y: float,
                  width: float, height: float, size: float) -> None:
        text = self.writing.clean(entry.get("kind_label") or "")
        if not text:
            return
        self.set_fill_color(*colour)
        self.set_text_color(255, 255, 255)
        self.set_font(self.family, "B", size)
        self.set_xy(x, y)
        self.cell(width, height, text, align="C", fill=True)
        self.set_text_color(0, 0, 0)


def badges_pdf(event_name: str, entries: Sequence[dict[str, Any]], layout: str = "a6"
               ) -> bytes:
    """The badges of ``entries``, in order: one per A6 page, or eight per A4 sheet."""
    if layout not in LAYOUTS:
        raise InvalidLayout(f"unknown badge layout {layout!r}: one of {', '.join(LAYOUTS)}")
    doc = _Badges(layout)
    doc.set_title(doc.writing.clean(event_name))
    doc.set_creator("matchmaking")
    if not entries:
        doc.add_page()
    per_page = 1 if layout == "a6" else SHEET_COLUMNS * SHEET_ROWS
    for k, entry in enumerate(entries):
        if k % per_page == 0:
            doc.add_page()
        if layout == "a6":
            doc.badge(entry, event_name, 0, 0, doc.w, doc.h)
        else:
            spot = k % per_page
            w, h = doc.w / SHEET_COLUMNS, doc.h / SHEET_ROWS
            doc.badge(entry, event_name, (spot % SHEET_COLUMNS) * w, (spot // SHEET_COLUMNS) * h,
                      w, h)
    return bytes(doc.output())
