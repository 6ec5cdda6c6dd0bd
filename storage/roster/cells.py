"""Turning whatever Excel put in a cell into a clean string."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_TRIMMED = _INVISIBLE + " \t\r\n\u3000\xa0"
_WHITESPACE = re.compile(r"\s+")


def clean_cell(value: Any) -> str:
    """A trimmed string; 13800138000.0 becomes "13800138000", a date "1958-03-02"."""
    if value.__class__ is str:
        return value.strip(_TRIMMED).strip()  # type: ignore[no-any-return]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip(_TRIMMED).strip()


def clean_row(row: list[Any]) -> list[str]:
    """`clean_cell` of every cell; a string, nearly every cell, is trimmed without the call."""
    return [cell.strip(_TRIMMED).strip() if cell.__class__ is str else clean_cell(cell) for cell in row]


def unpadded(name: str) -> str:
    """A cleaned name without the spaces used to pad two-character names (张　三)."""
    return _WHITESPACE.sub("", name)
