"""What is wrong with a roster, said in Chinese with the sheet, row and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.roster.wording import say


@dataclass(frozen=True)
class RosterProblem:
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    subject: str | None = None
    """Whose row it is (姓名, 户主, 群名): row numbers alone are hard to find in a long sheet."""

    def __str__(self) -> str:
        place = " ".join(
            part
            for part in (
                self.sheet,
                say("roster.problem.row", row=self.row) if self.row is not None else None,
                say("roster.problem.subject", subject=self.subject) if self.subject else None,
                say("roster.problem.column", column=self.column) if self.column else None,
            )
            if part
        )
        return say("roster.problem.at", place=place, message=self.message) if place else self.message


class RosterError(Exception):
    """The roster cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: Iterable[RosterProblem]) -> None:
        self.problems = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        if len(self.problems) == 1 and self.problems[0].sheet is None:
            return say("roster.problem.whole_file", message=self.problems[0].message)
        lines = [say("roster.problem.header", count=len(self.problems))]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def fail(message: str) -> RosterError:
    """An error about the file as a whole (not a roster, unreadable, ...)."""
    return RosterError([RosterProblem(None, None, None, message)])
