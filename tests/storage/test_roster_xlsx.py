"""The roster's .xlsx reader (calamine) gives the cells openpyxl reads from the same workbook, once cleaned."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from storage.roster.cells import clean_cell
from storage.roster.xlsx import read_xlsx


def _openpyxl(path: Path) -> dict[str, list[list[object]]]:
    workbook = load_workbook(path, data_only=True)
    grids = {}
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    rows[r][c] = value
        grids[sheet.title] = rows
    return grids


def _cleaned(grid: list[list[object]]) -> list[list[str]]:
    """Each cell as the import sees it (`clean_cell`), trailing empty cells and rows dropped.

    The readers differ only where `clean_cell` makes them alike: calamine gives "" for an empty
    cell, every number as a float and a whole day as a `date`; openpyxl None, ints and datetimes.
    """
    rows = [[clean_cell(cell) for cell in row] for row in grid]
    for row in rows:
        while row and not row[-1]:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def test_cell_types_rows_and_merges_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员 "
    sheet.append(["花名册"])
    sheet.append([])
    sheet.append(["姓名", "手机", "出生", "在册", "比例", "公式"])
    sheet.append(["王　强", 13800138000, datetime(1958, 3, 2), True, 0.25, "=1+1"])
    sheet.append(["刘宏伟", 13800138001.0, date(1965, 1, 1), False, 1e20, None])
    sheet["A6"] = CellRichText("李", TextBlock(InlineFont(b=True), "建国"))
    sheet["C6"] = "1970年"
    sheet.merge_cells("B6:B7")
    sheet["B6"] = "合并"
    sheet["F8"] = "远处"
    other = workbook.create_sheet("群")
    other.append(["群名", "层级"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    ours = read_xlsx(path)
    theirs = _openpyxl(path)
    assert list(ours) == list(theirs) == ["党员 ", "群"]
    for title in theirs:
        assert _cleaned(ours[title]) == _cleaned(theirs[title])
    assert ours["党员 "][3][:5] == ["王　强", 13800138000, date(1958, 3, 2), True, 0.25]
    assert _cleaned(ours["党员 "])[3][:5] == ["王　强", "13800138000", "1958-03-02", "是", "0.25"]
    assert ours["党员 "][5][:3] == ["李建国", "合并", "1970年"]
    assert ours["党员 "][6][1] == "合并"
    assert ours["党员 "][7][5] == "远处"


def test_a_workbook_written_in_write_only_mode(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("联系户")
    sheet.append(["户主", "手机"])
    sheet.append(["张桂兰", "13857100237"])
    path = tmp_path / "stream.xlsx"
    workbook.save(path)
    assert read_xlsx(path) == {"联系户": [["户主", "手机"], ["张桂兰", "13857100237"]]}


def test_a_sheet_starting_below_and_right_of_a1_keeps_its_row_and_column_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "群"
    sheet["B3"] = "群名"
    sheet["C3"] = "层级"
    sheet["B4"] = "青桃村党员群"
    sheet["C4"] = datetime(2026, 3, 2, 9, 30)
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    grid = read_xlsx(path)["群"]
    assert grid[2][1:] == ["群名", "层级"]
    assert grid[3][1:] == ["青桃村党员群", datetime(2026, 3, 2, 9, 30)]
    assert not any(grid[0] + grid[1]) and grid[3][0] == ""
