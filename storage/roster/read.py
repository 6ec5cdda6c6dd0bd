"""A roster file or folder → the four raw sheets, each row a dict with its row number."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storage.roster.cells import clean_row, unpadded
from storage.roster.problems import fail
from storage.roster.schema import NAME_COLUMNS, SHEETS, known_columns
from storage.roster.tables import Table, csv_tables, xlsx_tables
from storage.roster.wording import say

_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RawRow:
    number: int
    """The row number as Excel shows it (1 = the first line of the sheet)."""
    cells: dict[str, str]


@dataclass(frozen=True)
class RawSheet:
    name: str
    header_row: int
    columns: tuple[str, ...]
    rows: tuple[RawRow, ...]
    duplicate_columns: tuple[str, ...] = field(default=())


def read_roster(path: Path) -> dict[str, RawSheet]:
    """The roster sheets found at `path`; sheets that are absent are simply missing."""
    tables = _tables(path)
    sheets = {name: _sheet(name, tables[name]) for name in SHEETS if name in tables}
    if not sheets:
        raise fail(say("roster.read.no_sheets", name=path.name, sheets="、".join(SHEETS)))
    return sheets


def _tables(path: Path) -> dict[str, Table]:
    if not path.exists():
        raise fail(say("roster.read.missing", path=path))
    if path.is_dir():
        return csv_tables(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return xlsx_tables(path)
    if suffix == ".xls":
        raise fail(say("roster.read.old_xls", name=path.name))
    if suffix == ".csv":
        raise fail(say("roster.read.single_csv", name=path.name))
    raise fail(say("roster.read.unknown_kind", name=path.name))


def _sheet(name: str, table: Table) -> RawSheet:
    """Rows below the header; the header is the first row naming a known column (a title may sit above)."""
    cleaned = ((number, clean_row(row)) for number, row in enumerate(table, start=1))
    numbered = [(number, row) for number, row in cleaned if any(row)]
    if not numbered:
        return RawSheet(name, 1, (), ())
    header_at = next((i for i, (_, row) in enumerate(numbered[:_HEADER_SEARCH_ROWS]) if _names_a_column(name, row)), 0)
    header_number, columns = numbered[header_at]
    duplicates = sorted(column for column, count in Counter(filter(None, columns)).items() if count > 1)
    plan = _plan(columns)
    rows = tuple(RawRow(number, _cells(plan, row)) for number, row in numbered[header_at + 1 :])
    return RawSheet(name, header_number, tuple(filter(None, columns)), rows, tuple(duplicates))


def _names_a_column(sheet: str, row: Sequence[str]) -> bool:
    return bool(known_columns(sheet) & set(row))


def _plan(columns: list[str]) -> list[tuple[int, str, bool]]:
    """Where each column's cell is (the first of a repeated column), and whether it holds a name."""
    first: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column and column not in first:
            first[column] = i
    return [(i, column, column in NAME_COLUMNS) for column, i in first.items()]


def _cells(plan: list[tuple[int, str, bool]], row: Sequence[str]) -> dict[str, str]:
    """The row's cleaned cells by column; names lose the spaces that pad them."""
    width = len(row)
    return {column: unpadded(row[i]) if name else row[i] for i, column, name in plan if i < width}
