"""A CSV roster folder as one .xlsx workbook: a template a secretary can fill in Excel."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storage.roster.cells import clean_cell
from storage.roster.schema import SHEETS
from storage.roster.tables import csv_tables

_TEXT = "@"


def csv_folder_to_xlsx(folder: Path, out: Path) -> None:
    """Write the sheets of `folder` to `out`; cells are text so phone numbers keep every digit."""
    # openpyxl brings numpy and PIL (about 33 MB of the bot's memory): imported only to write a workbook
    from openpyxl import Workbook

    tables = csv_tables(folder)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name in SHEETS:
        fill_sheet(workbook.create_sheet(name), ([clean_cell(value) for value in row] for row in tables.get(name, [])))
    workbook.save(out)


def fill_sheet(sheet: Any, table: Iterable[list[str]]) -> None:
    """Rows as text cells (so phone numbers keep every digit), the header bold and frozen."""
    from openpyxl.styles import Font

    for row in table:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = _TEXT
            cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
