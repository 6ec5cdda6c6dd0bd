"""The cell values of an .xlsx workbook, read by calamine (python-calamine, in Rust).

A county imports 300 village workbooks of 2,000 rows: openpyxl built a styled cell object for
every cell (0.5 s a workbook), a hand-written lxml reader took 30 ms, calamine takes 7 ms. Each
sheet is its grid from A1: strings, numbers as floats, booleans, dates and datetimes, formulas
as their cached values, an empty cell as ""; merged cells repeat their top-left value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

Table = list[list[Any]]


def read_xlsx(path: Path) -> dict[str, Table]:
    """Every worksheet by its title (untrimmed); raises on a file that is not a readable workbook."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return {name: _grid(workbook.get_sheet_by_name(name)) for name in workbook.sheet_names}
    finally:
        workbook.close()


def _grid(sheet: CalamineSheet) -> Table:
    rows: Table = sheet.to_python(skip_empty_area=False)
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row in rows[top : bottom + 1]:
            row[left : right + 1] = [value] * (min(right + 1, len(row)) - left)
    return rows
