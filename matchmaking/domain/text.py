"""Small text normalisations shared by import, matching and export."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SPACES = re.compile(r"\s+")
_LIST_SEPARATORS = re.compile(r"[;|\n]")


def clean(value: object) -> str:
    """NFC-normalised text with runs of whitespace collapsed (accents and Arabic kept)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def clean_lines(value: object) -> str:
    """``clean`` line by line: a list written one item per line keeps its lines (blank
    lines dropped)."""
    if value is None:
        return ""
    lines = (clean(line) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def fold(value: object) -> str:
    """A comparison key: lower case, accents removed, spaces, dashes and underscores unified.

    ``"Série A"``, ``"serie-a"`` and ``"SERIE_A"`` all fold to ``"serie a"``.
    """
    text = unicodedata.normalize("NFKD", clean(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[-_/.'’]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def split_list(value: object, known: Callable[[str], bool] | None = None) -> list[str]:
    """Split a list cell on ``;``, ``|`` or new lines; a JSON list is accepted as is.

    With ``known`` (does this spelling name a value?), an item that is not known and holds
    commas is split on them too: Google Forms joins the boxes ticked in a multiple-choice
    question with ", " ("Fintech, Énergie"), while a known name keeps its comma
    ("Korea, Republic of")."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [clean(v) for v in value]
    else:
        items = [clean(v) for v in _LIST_SEPARATORS.split(str(value))]
    if known is not None:
        items = [part for item in items for part in (
            [item] if "," not in item or known(item) else [clean(p) for p in item.split(",")])]
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def control_characters(value: object) -> list[str]:
    """The control characters in a text (BEL, ESC, NUL...; tabs and line breaks are
    fine), as ``U+001B``: they garble terminals, exports and calendars."""
    if not isinstance(value, str):
        return []
    return sorted({f"U+{ord(c):04X}" for c in value
                   if unicodedata.category(c) == "Cc" and c not in "\t\n\r"})


_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # control characters, breaks included


def breaks_the_line(value: object) -> bool:
    """Whether a name holds line breaks, tabs or control characters (names end up in
    calendars, PDFs and terminals, on one line)."""
    return bool(_LINE_BREAKING.search("" if value is None else str(value)))


def one_line(value: object) -> str:
    """Text as one clean line: line breaks and control characters become spaces."""
    return " ".join(_LINE_BREAKING.sub(" ", "" if value is None else str(value)).split())


def has_visible(value: object) -> bool:
    """Whether a text shows anything: a letter, digit, symbol or punctuation mark (a name
    made only of spaces or zero-width characters does not)."""
    return any(unicodedata.category(c)[0] in "LNSP" for c in clean(value))
