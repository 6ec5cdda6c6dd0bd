"""The cell values of an .xlsx workbook, read straight from its XML with lxml.

A county imports 300 village workbooks of 2,000 rows; openpyxl builds a styled cell object for
every cell and took 0.5 s a workbook, this reader 20-30 ms. It returns what openpyxl's
`iter_rows(values_only=True)` on a `data_only` workbook does: shared and inline strings, numbers
as int or float, booleans, dates (numbers in a date format) as datetimes, formulas as their cached
values, and rows Excel left empty as empty rows; merged cells repeat their top-left value.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

from lxml import etree

Table = list[list[Any]]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL, _ROW, _MERGE = f"{_MAIN}c", f"{_MAIN}row", f"{_MAIN}mergeCell"
_VALUE, _INLINE, _TEXT, _RUN = f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"
_REF = re.compile(r"([A-Z]+)(\d+)")
_DIGITS = "0123456789"
_INLINE_TEXT = f"{_INLINE}/{_TEXT}"
_COLUMNS: dict[str, int] = {}
"""Column letters → index, as met."""


def read_xlsx(path: Path) -> dict[str, Table]:
    """Every worksheet by its title (untrimmed); raises on a file that is not a readable workbook."""
    # openpyxl brings numpy and PIL (about 33 MB of the bot's memory): imported only to read a workbook
    from openpyxl.utils.datetime import from_excel

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        strings = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
        dates = Dates(_date_styles(archive, names), partial(from_excel, epoch=_epoch(archive)))
        return {title: _sheet(archive.open(part), strings, dates) for title, part in _sheets(archive)}


@dataclass(frozen=True)
class Dates:
    styles: frozenset[int]
    """Indexes of the cell styles whose number format shows a date."""
    convert: Callable[[float], datetime]


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name"), part))
    return sheets


def _epoch(archive: zipfile.ZipFile) -> datetime:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    properties = etree.fromstring(archive.read("xl/workbook.xml")).find(f"{_MAIN}workbookPr")
    mac = properties is not None and properties.get("date1904") in ("1", "true")
    return CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    root = etree.fromstring(archive.read("xl/sharedStrings.xml"))
    return [_string(item) for item in root.iterchildren(f"{_MAIN}si")]


def _string(item: Any) -> str:
    """A shared or inline string: its text, or its rich-text runs joined; phonetic guides left out."""
    text = item.find(_TEXT)
    if text is not None:
        return text.text or ""
    return "".join(run.findtext(_TEXT) or "" for run in item.iterchildren(_RUN))


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> frozenset[int]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in names:
        return frozenset()
    root = etree.fromstring(archive.read("xl/styles.xml"))
    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for number_format in root.iter(f"{_MAIN}numFmt"):
        formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode") or ""
    cell_styles = root.find(f"{_MAIN}cellXfs")
    if cell_styles is None:
        return frozenset()
    styles = cell_styles.iterchildren(f"{_MAIN}xf")
    return frozenset(
        index
        for index, style in enumerate(styles)
        if is_date_format(formats.get(int(style.get("numFmtId") or 0), "General"))
    )


def _sheet(part: IO[bytes], strings: list[str], dates: Dates) -> Table:
    rows: Table = []
    merged: list[str] = []
    for _, element in etree.iterparse(part, events=("end",), tag=(_ROW, _MERGE)):
        if element.tag == _MERGE:
            merged.append(element.get("ref"))
            continue
        number = int(element.get("r") or len(rows) + 1)
        rows.extend([] for _ in range(number - len(rows)))
        rows[number - 1] = _cells(element, strings, dates)
        element.clear()
    for ref in merged:
        _fill_merged(rows, ref)
    return rows


def _cells(row: Any, strings: list[str], dates: Dates) -> list[Any]:
    cells: list[Any] = []
    for cell in row.iterchildren(_CELL):
        ref = cell.get("r")
        if ref is None:
            column = len(cells)
        else:
            letters = ref.rstrip(_DIGITS)
            column = _COLUMNS.get(letters, -1)
            if column < 0:
                column = _COLUMNS[letters] = _column(letters)
        if column >= len(cells):
            cells.extend([None] * (column + 1 - len(cells)))
        kind = cell.get("t")
        if kind == "s":
            text = cell.findtext(_VALUE)
            cells[column] = None if text is None else strings[int(text)]
        elif kind == "inlineStr" and (text := cell.findtext(_INLINE_TEXT)) is not None:
            cells[column] = text
        elif kind is None or kind == "n":
            cells[column] = _number(cell, dates)
        else:
            cells[column] = _value(cell, kind)
    return cells


def _number(cell: Any, dates: Dates) -> Any:
    text = cell.findtext(_VALUE)
    if not text:
        return None
    number: int | float = float(text) if any(c in text for c in ".eE") else int(text)
    style = cell.get("s")
    return dates.convert(number) if style is not None and int(style) in dates.styles else number


def _value(cell: Any, kind: str) -> Any:
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return None if inline is None else _string(inline)
    text = cell.findtext(_VALUE)
    if text is None:
        return None
    if kind == "b":
        return text == "1"
    if kind == "d":
        return datetime.fromisoformat(text)
    return text


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _fill_merged(rows: Table, ref: str) -> None:
    first, _, last = ref.partition(":")
    top, bottom = _REF.match(first), _REF.match(last or first)
    if top is None or bottom is None:
        return
    min_col, min_row = _column(top.group(1)), int(top.group(2)) - 1
    max_col, max_row = _column(bottom.group(1)), int(bottom.group(2)) - 1
    if min_row >= len(rows):
        return
    value = rows[min_row][min_col] if min_col < len(rows[min_row]) else None
    for r in range(min_row, min(max_row + 1, len(rows))):
        row = rows[r]
        row.extend([None] * (max_col + 1 - len(row)))
        for c in range(min_col, max_col + 1):
            row[c] = value
