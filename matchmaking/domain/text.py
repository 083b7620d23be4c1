"""Small text normalisations shared by import, matching and export."""

from __future__ import annotations

import re
import unicodedata

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


def split_list(value: object) -> list[str]:
    """Split a list cell on ``;``, ``|`` or new lines; a JSON list is accepted as is."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [clean(v) for v in value]
    else:
        items = [clean(v) for v in _LIST_SEPARATORS.split(str(value))]
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)
