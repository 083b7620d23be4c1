"""Printable PDF documents: agendas per participant and per table, and the post-event
report with its charts, made with fpdf2.

Pure apart from returning bytes: the caller gives plain rows (``organiser_service`` reads
them from the database) and gets a PDF back.

Text goes through ``pdf_text``: a Unicode font with fallbacks for emoji and CJK,
Arabic shaped and laid out right to left, a visible replacement (and a warning) for what no
font can draw. A document is always produced: nothing a participant wrote can make it fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from matchmaking.documents import pdf_text
from matchmaking.domain.vocabulary import KINDS, MEETING_STATUSES
from matchmaking.texts import translate

FAMILY = pdf_text.FAMILY


def label(key: str, lang: str, **values: Any) -> str:
    return translate(f"doc.{key}", lang, **values)


# --- fonts and text: see pdf_text -------------------------------------------------------

font_path = pdf_text.font_path
shaping_available = pdf_text.shaping_available
visual_order = pdf_text.visual_order


class Document(FPDF):
    """A4 portrait with a title line, a footer with page numbers, and the Unicode font."""

    def __init__(self, title: str, subtitle: str, lang: str = "en"):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc_title = title
        self.doc_subtitle = subtitle
        self.lang = lang
        self.rtl = lang in pdf_text.RTL_LANGUAGES  # an Arabic document reads from the right
        self.writing = pdf_text.install(self, font_path())
        self.unicode = self.writing.unicode
        self.family = self.writing.family
        self.set_title(self.clean(title))
        self.set_creator("matchmaking")
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def clean(self, text: Any) -> str:
        """Text as this document can write it, whatever characters it holds."""
        return self.writing.clean(text)

    def header(self) -> None:
        self.set_font(self.family, "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.clean(self.doc_title), align="R" if self.rtl else "L",
                  new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(120, 120, 120)
        start, end = ("R", "L") if self.rtl else ("L", "R")
        self.cell(0, 5, self.clean(self.doc_subtitle), align=start)
        self.set_x(self.l_margin)
        self.cell(0, 5, self.clean(label("page", self.lang, n=self.page_no())), align=end)
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 15) -> None:
        self.set_font(self.family, "B", size)
        text = self.clean(text)
        self.multi_cell(0, size * 0.5, text, align=self.align(text), new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        text = self.clean(text)
        self.multi_cell(0, size * 0.5, text, align=self.align(text), new_x="LMARGIN",
                        new_y="NEXT")

    def align(self, text: str) -> str:
        """Right in an Arabic document, and for a paragraph that reads right to left."""
        return "R" if self.rtl else pdf_text.alignment(text)

    def rows(self, headings: Sequence[str] | None, rows: Sequence[Sequence[Any]],
             widths: Sequence[float], size: int = 9) -> None:
        """A table; ``headings`` None for one without a heading row. In an Arabic document
        the first column is on the right."""
        self.set_font(self.family, "", size)
        style = FontFace(emphasis="BOLD", fill_color=(230, 236, 245))
        if self.rtl:
            widths = list(reversed(widths))
            headings = None if headings is None else list(reversed(headings))
            rows = [list(reversed(values)) for values in rows]
        with self.table(col_widths=tuple(widths), headings_style=style,
                        text_align="RIGHT" if self.rtl else "LEFT",
                        line_height=size * 0.55, padding=1,
                        first_row_as_headings=headings is not None) as table:
            if headings is not None:
                heading = table.row()
                for text in headings:
                    heading.cell(self.clean(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.clean(value))

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _generated(zone: str, lang: str) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return label("times_in", lang, tz=zone, at=now)


def _kind(kind: str | None, lang: str) -> str:
    return translate(f"kind.{kind}", lang) if kind in KINDS else ""


def _status(status: str, lang: str) -> str:
    return translate(f"status.{status}", lang) if status in MEETING_STATUSES else status


# --- agendas ---------------------------------------------------------------------------------

def participant_agendas(event: dict[str, Any], people: Sequence[dict[str, Any]],
                        lang: str = "en") -> bytes:
    """One page (or more) per participant: their meetings, day by day.

    ``people``: ``{"organisation", "contact_name", "kind", "booth", "meetings": [{"day",
    "start", "end", "table", "location", "with", "with_kind", "status"}]}``.
    """
    doc = Document(event["name"], _generated(event["timezone"], lang), lang)
    for person in people or [{"organisation": "—", "contact_name": "", "kind": "",
                              "booth": "", "meetings": []}]:
        doc.add_page()
        doc.heading(f"{label('agenda', lang)} — {person['organisation']}")
        details = [person.get("contact_name") or "",
                   _kind(person.get("kind"), lang),
                   label("booth", lang, booth=person["booth"]) if person.get("booth") else ""]
        doc.para(" · ".join(d for d in details if d))
        doc.ln(2)
        if not person["meetings"]:
            doc.para(label("no_meetings", lang))
            continue
        for day in sorted({m["day"] for m in person["meetings"]}):
            doc.heading(day, size=12)
            rows = [(f"{m['start']}–{m['end']}",
                     " · ".join(x for x in (m["table"], m.get("location") or "") if x),
                     f"{m['with']} ({_kind(m['with_kind'], lang)})"
                     if m.get("with_kind") in KINDS else m["with"],
                     _status(m["status"], lang))
                    for m in person["meetings"] if m["day"] == day]
            doc.rows([label("time", lang), label("table", lang), label("with", lang),
                      label("status", lang)], rows, widths=(24, 42, 84, 30))
            doc.ln(3)
    return doc.output_bytes()


def table_agendas(event: dict[str, Any], tables: Sequence[dict[str, Any]], lang: str = "en"
                  ) -> bytes:
    """One page per table and day: every meeting slot, with who meets there (or free).

    ``tables``: ``{"name", "location", "days": [{"day", "slots": [{"start", "end",
    "meeting", "status"}]}]}``.
    """
    doc = Document(event["name"], _generated(event["timezone"], lang), lang)
    for table in tables or [{"name": "—", "location": "", "days": []}]:
        for day in table["days"] or [{"day": "", "slots": []}]:
            doc.add_page()
            where = " · ".join(x for x in (table["name"], table.get("location") or "") if x)
            doc.heading(f"{label('table_agenda', lang)} — {where}")
            doc.para(day["day"], size=12)
            doc.ln(2)
            rows = [(f"{s['start']}–{s['end']}", s["meeting"] or f"({label('free', lang)})",
                     _status(s["status"], lang) if s["meeting"] else "")
                    for s in day["slots"]]
            doc.rows([label("time", lang), label("meeting", lang), label("status", lang)],
                     rows, widths=(26, 124, 30))
    return doc.output_bytes()


# --- the post-event report -----------------------------------------------------------------

_BAR = (52, 101, 164)
_PALETTE = [(52, 101, 164), (242, 142, 43), (89, 161, 79), (225, 87, 89), (118, 183, 178),
            (237, 201, 72), (176, 122, 161), (156, 117, 95)]


def bar_chart(doc: Document, title: str, labels: Sequence[str], values: Sequence[float], *,
              height: float = 55, horizontal: bool = False, percent: bool = False,
              colour: tuple[int, int, int] = _BAR) -> None:
    """A simple bar chart drawn with lines and rectangles (no image library needed)."""
    width = doc.w - doc.l_margin - doc.r_margin
    needed = height + 14 if not horizontal else 12 + 6 * max(len(values), 1)
    if doc.get_y() + needed > doc.h - doc.b_margin:
        doc.add_page()
    doc.set_font(doc.family, "B", 11)
    doc.cell(0, 7, doc.clean(title), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.family, "", 7)
    if not values or max(values) <= 0:
        doc.para(label("nothing", doc.lang), size=9)
        doc.ln(2)
        return
    top = max(values)
    show = (lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:g}")
    x0, y0 = doc.l_margin, doc.get_y() + 2
    doc.set_fill_color(*colour)
    doc.set_draw_color(160, 160, 160)
    if horizontal:
        label_width = min(70.0, max(doc.get_string_width(doc.clean(t)) for t in labels) + 2)
        area = width - label_width - 14
        for k, (text, value) in enumerate(zip(labels, values)):
            y = y0 + 6 * k
            doc.set_xy(x0, y)
            doc.cell(label_width, 5, doc.clean(text)[:60], align="R")
            length = area * value / top
            if length > 0:
                doc.rect(x0 + label_width + 1, y + 0.7, length, 3.6, style="F")
            doc.set_xy(x0 + label_width + 2 + length, y)
            doc.cell(12, 5, show(value))
        doc.set_y(y0 + 6 * len(values) + 3)
        return
    base = y0 + height
    doc.line(x0, base, x0 + width, base)
    step = width / len(values)
    bar = max(step * 0.7, 0.3)
    every = max(1, int(len(values) / (width / 9)))  # labels ~9 mm apart at least
    for k, (text, value) in enumerate(zip(labels, values)):
        h = (height - 6) * value / top
        x = x0 + k * step + (step - bar) / 2
        if h > 0:
            doc.rect(x, base - h, bar, h, style="F")
        if k % every == 0:
            doc.set_xy(x0 + k * step - 4 + step / 2, base + 0.5)
            doc.cell(8, 3.5, doc.clean(text)[:7], align="C")
        if len(values) <= 24 and value:
            doc.set_xy(x0 + k * step - 4 + step / 2, base - h - 3.8)
            doc.cell(8, 3.5, show(value), align="C")
    doc.set_y(base + 7)


def event_report(event: dict[str, Any], data: dict[str, Any], lang: str = "en") -> bytes:
    """The post-event report: key figures, then one chart per question.

    ``data`` holds ``figures`` (label -> value, in order) and ``charts``: a list of
    ``{"title", "labels", "values", "horizontal"?, "percent"?}``, and optionally ``notes``
    (lines of text) and ``tables`` (``{"title", "headings", "rows", "widths"}``)."""
    doc = Document(event["name"], _generated(event["timezone"], lang), lang)
    doc.add_page()
    doc.heading(f"{label('report', lang)} — {event['name']}", size=16)
    dates = ", ".join(d["date"] for d in event.get("days", []))
    doc.para(" · ".join(x for x in (event.get("venue", ""), event.get("city", ""), dates) if x))
    doc.ln(3)
    doc.heading(label("figures", lang), size=12)
    figures = list(data.get("figures", {}).items())
    half = (len(figures) + 1) // 2
    rows = [(a[0], a[1], *(figures[half + k] if half + k < len(figures) else ("", "")))
            for k, a in enumerate(figures[:half])]
    doc.rows(None, rows, widths=(60, 30, 60, 30))
    doc.ln(2)
    for line in data.get("notes", []):
        doc.para(line, size=9)
    doc.ln(4)
    for k, chart in enumerate(data.get("charts", [])):
        bar_chart(doc, chart["title"], [str(x) for x in chart["labels"]],
                  [float(v) for v in chart["values"]], horizontal=chart.get("horizontal", False),
                  percent=chart.get("percent", False), colour=_PALETTE[k % len(_PALETTE)])
        doc.ln(2)
    for table in data.get("tables", []):
        if doc.get_y() > doc.h - 60:
            doc.add_page()
        doc.heading(table["title"], size=12)
        doc.rows(table["headings"], table["rows"], widths=table["widths"])
        doc.ln(3)
    return doc.output_bytes()
