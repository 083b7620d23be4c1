"""Text in PDFs as people write it: accents, Arabic (joined letters, right to left, mirrored
brackets), emoji and CJK, with fpdf2.

One Unicode TrueType font is the body font (DejaVu Sans from Debian's ``fonts-dejavu-core``,
Latin and Arabic; or ``$MATCHMAKING_PDF_FONT``). Characters it lacks are drawn from fallback
fonts when they are installed: Symbola (``fonts-symbola``, monochrome emoji and symbols) and
Droid Sans Fallback (``fonts-droid-fallback``, Chinese, Japanese, Korean). Arabic is shaped
by HarfBuzz (``uharfbuzz``) through fpdf2's text shaping, which also applies the
bidirectional algorithm.

Nothing vanishes silently: a character that no installed font can draw is written as U+FFFD
(the replacement character, a visible box) and logged once per document with what to
install. Without shaping, right-to-left runs are put in visual order in isolated letter
forms (still readable); without any Unicode font, the core Helvetica font is used and
characters outside Latin-1 become '?'. A document is always produced.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FONT_ENV_VAR = "MATCHMAKING_PDF_FONT"
FAMILY = "Body"
REPLACEMENT = "\ufffd"
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
    "C:/Windows/Fonts/DejaVuSans.ttf",
)
# (family, Debian package, where the package puts it), tried in this order for what the
# body font lacks
FALLBACK_FONTS = (
    ("Symbola", "fonts-symbola",
     ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
      "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf")),
    ("DroidFallback", "fonts-droid-fallback",
     ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",)),
)
FONT_PACKAGES = "fonts-dejavu-core fonts-symbola fonts-droid-fallback"
RTL_LANGUAGES = frozenset({"ar"})  # documents laid out from the right


@cache
def font_path() -> Path | None:
    """The body font to embed (None: only the core fonts are available)."""
    explicit = os.environ.get(FONT_ENV_VAR, "").strip()
    for candidate in ([explicit] if explicit else []) + list(_FONT_CANDIDATES):
        path = Path(candidate)
        if path.is_file():
            return path
    return None


@cache
def fallback_paths() -> tuple[tuple[str, Path], ...]:
    """The fallback fonts installed here, as (family, file)."""
    found = []
    for family, _, candidates in FALLBACK_FONTS:
        path = next((Path(c) for c in candidates if Path(c).is_file()), None)
        if path is not None:
            found.append((family, path))
    return tuple(found)


@cache
def shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _code_points(path: Path) -> frozenset[int]:
    """The characters a font file has glyphs for (its best cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def _invisible(char: str) -> bool:
    """Format characters and variation selectors: nothing to draw (ZWJ, ZWNJ, VS16...)."""
    return unicodedata.category(char) in ("Cf", "Mn") and not unicodedata.combining(char) \
        or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF


def is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def visual_order(text: str) -> str:
    """A crude stand-in for the bidirectional algorithm when no shaping engine is installed:
    runs of right-to-left letters (with the spaces and marks between them) are reversed, and
    so is the order of runs in a paragraph that starts right to left."""
    if not any(is_rtl(c) for c in text):
        return text
    runs: list[tuple[bool, str]] = []
    for char in text:
        strong = is_rtl(char) or (unicodedata.bidirectional(char) in ("NSM", "WS", "ON", "CS")
                                  and bool(runs) and runs[-1][0])
        if runs and runs[-1][0] == strong:
            runs[-1] = (strong, runs[-1][1] + char)
        else:
            runs.append((strong, char))
    pieces = [(rtl, chunk[::-1] if rtl else chunk) for rtl, chunk in runs]
    if starts_rtl(text):
        pieces.reverse()
    return "".join(chunk for _, chunk in pieces)


def starts_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong letter does."""
    first = next((c for c in text if unicodedata.bidirectional(c) in ("L", "R", "AL")), "")
    return bool(first) and is_rtl(first)


def alignment(text: str) -> str:
    """fpdf2's alignment for a paragraph: right for one that reads right to left."""
    return "R" if starts_rtl(text) else "L"


@dataclass
class PdfText:
    """What one document can draw: set up by ``install``, applied by ``clean``."""

    unicode: bool = False
    shaping: bool = False
    family: str = "helvetica"
    fonts: tuple[Path, ...] = ()
    missing: set[str] = field(default_factory=set)  # characters no font could draw

    @property
    def covered(self) -> frozenset[int]:
        return _covered(self.fonts)

    def clean(self, text: Any) -> str:
        """Text as this document can write it, whatever characters it holds."""
        text = unicodedata.normalize("NFC", "" if text is None else str(text))
        text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c == "\n")
        if not self.unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        covered = self.covered
        out = []
        for char in text:
            if char == "\n" or ord(char) in covered:
                out.append(char)
            elif _invisible(char) or char.isspace():
                out.append(" " if char.isspace() else "")
            else:
                self._report(char)
                out.append(REPLACEMENT if ord(REPLACEMENT) in covered else "?")
        text = "".join(out)
        if not self.shaping:
            return "\n".join(visual_order(line) for line in text.split("\n"))
        return text

    def _report(self, char: str) -> None:
        if char in self.missing:
            return
        self.missing.add(char)
        name = unicodedata.name(char, "unnamed")
        log.warning("PDF: no installed font has a glyph for U+%04X %s; written as %s "
                    "(installing %s may add it)", ord(char), name, REPLACEMENT, FONT_PACKAGES)


@cache
def _covered(fonts: tuple[Path, ...]) -> frozenset[int]:
    out: set[int] = set()
    for path in fonts:
        try:
            out |= _code_points(path)
        except Exception:  # an unreadable font covers nothing
            continue
    return frozenset(out)


def install(pdf: Any, body: Path | None, *, shaping: bool | None = None,
            fallbacks: Iterable[tuple[str, Path]] | None = None) -> PdfText:
    """Register the body font (regular and bold) and the fallbacks on an ``FPDF``, and turn
    text shaping on when HarfBuzz is installed. ``body``: the font file, None for the core
    fonts only."""
    text = PdfText()
    if body is None:
        _warn_once("PDF: no Unicode font found (install fonts-dejavu-core, or set "
                   f"${FONT_ENV_VAR}): documents use Helvetica and lose non-Latin letters")
        return text
    try:
        pdf.add_font(FAMILY, "", str(body))
        bold = body.with_name(body.stem + "-Bold" + body.suffix)
        pdf.add_font(FAMILY, "B", str(bold if bold.is_file() else body))
    except Exception:  # an unreadable font file: the core font
        _warn_once(f"PDF: the font {body} could not be read: documents use Helvetica")
        return text
    fonts = [body]
    families = []
    for family, path in fallback_paths() if fallbacks is None else fallbacks:
        try:
            for style in ("", "B"):  # a bold run falls back too
                pdf.add_font(family, style, str(path))
        except Exception:
            continue
        fonts.append(path)
        families.append(family)
    if families:
        pdf.set_fallback_fonts(families, exact_match=False)
    text.unicode, text.family, text.fonts = True, FAMILY, tuple(fonts)
    if shaping is None:
        shaping = shaping_available()
    if shaping:
        try:
            pdf.set_text_shaping(True)
            text.shaping = True
        except Exception:
            text.shaping = False
    if not text.shaping:
        _warn_once("PDF: text shaping unavailable (pip install uharfbuzz): Arabic is written "
                   "in isolated letter forms")
    return text


@cache
def _warn_once(message: str) -> None:
    log.warning(message)
