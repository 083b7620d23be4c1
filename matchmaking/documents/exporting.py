"""Exports as files people open in spreadsheets and other tools.

CSV cells are neutralised against formula injection (OWASP "CSV injection"): a cell that
starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` so a
spreadsheet shows it as text. Plain numbers and phone numbers (``+212 6 61 23 45 67``) are
left as they are: they cannot call a function, and organisers need them usable.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().\-/]*$")


def neutralise_cell(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _HARMLESS_NUMBER.match(value):
        return value
    return "'" + value


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif value is None:
        value = ""
    return neutralise_cell(value)


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV text (lists joined with ``;``), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_json(rows: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
