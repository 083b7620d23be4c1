"""Exports as files people open in spreadsheets and other tools.

CSV cells are neutralised against formula injection (OWASP "CSV injection"): a cell that
starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` so a
spreadsheet shows it as text. Plain numbers and phone numbers (``+212 6 61 23 45 67``) are
left as they are: they cannot call a function, and organisers need them usable.

French-locale Excel splits a CSV on ``;``, not ``,``: a cell holding either separator is
quoted, and each part of a cell after either separator is neutralised too, so that no
reading of the file finds a formula (``Good;=cmd|' /C calc'!A0``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().\-/]*$")


def _neutralise_part(text: str) -> str:
    core = text.lstrip(" ")  # some spreadsheets trim the spaces a part starts with
    if not core.startswith(_FORMULA_START) or _HARMLESS_NUMBER.match(core):
        return text
    return text[:len(text) - len(core)] + "'" + core


def neutralise_cell(value: Any) -> Any:
    """The cell as a spreadsheet will show it as text, whichever separator it splits on."""
    if not isinstance(value, str):
        return value
    return "".join(_neutralise_part(part) for part in _SEPARATED.split(value))


_SEPARATED = re.compile(r"(?<=[,;])")  # split after each separator, keeping it


def _csv_field(value: Any) -> str:
    """A CSV field, quoted when it holds either separator, a quote, a line break, or
    spaces at its ends."""
    text = str(value)
    if any(c in text for c in ',;"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif value is None:
        value = ""
    return neutralise_cell(value)


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV text (lists joined with ``;``), every cell neutralised. Written by hand
    rather than with ``csv.writer``, which quotes on its own separator only."""
    lines = [",".join(_csv_field(c) for c in columns)]
    for row in rows:
        lines.append(",".join(_csv_field(_cell(row.get(c))) for c in columns))
    return "\r\n".join(lines) + "\r\n"


def to_json(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
