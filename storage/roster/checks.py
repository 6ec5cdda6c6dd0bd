"""Collecting problems while checking a sheet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from storage.roster.problems import RosterProblem
from storage.roster.read import RawRow
from storage.roster.schema import SUBJECT_COLUMNS
from storage.roster.wording import say

T = TypeVar("T")


class CellError(ValueError):
    """A cell's value is unusable; the message is shown to the secretary."""


class Problems(list[RosterProblem]):
    def add(self, sheet: str, row: RawRow | int | None, column: str | None, message: str) -> None:
        if isinstance(row, RawRow):
            subject = row.cells.get(SUBJECT_COLUMNS.get(sheet, "")) or None
            self.append(RosterProblem(sheet, row.number, column, message, subject))
        else:
            self.append(RosterProblem(sheet, row, column, message))


def required(problems: Problems, sheet: str, row: RawRow, column: str) -> str:
    """The cell's value, or "" after noting that it is empty."""
    value = row.cells.get(column, "")
    if not value:
        problems.add(sheet, row, column, say("roster.check.required", column=column))
    return value


def parsed(problems: Problems, sheet: str, row: RawRow, column: str, parse: Callable[[str], T], default: T) -> T:
    """`parse` applied to the cell, or `default` after noting why it failed."""
    try:
        return parse(row.cells.get(column, ""))
    except CellError as error:
        problems.add(sheet, row, column, str(error))
        return default
