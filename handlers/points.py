"""Members' liaison points (积分, 002 §9), counted from the ledger.

For each month and each liaising member (members exempt from liaison duty are not scored):

- 走访 visits: 8 × the share of the member's households visited in that month, so visiting
  every household every month earns 96 a year, close to the 100 a year expected;
- 答复 answers: +1 for each matter the member is responsible for, raised that month, first
  answered within the response limit; −1 for each that climbed past the member unanswered;
- 评价 ratings (of matters raised that month): +1 per 满意 (4-5), 0 per 基本满意 (3) and −2 per
  不满意 (1-2), the "reverse deduction" for residents' poor opinion.

The year so far is recounted from scratch every time (a late rating lands in its matter's
month). Months are counted from January or from the month the organisation's ledger begins,
whichever is later. 002 §9 starts the warning procedure at a year-end total under 60; 001
(每月申报登记、每季评定公示) has the points published through the year, so before December a
member is flagged only as behind the year's pace (60 pro-rated by the months counted), and
never on the first month counted, when one month says little about a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from handlers.escalation.limits import Limits
from handlers.liaison import member_coverage
from handlers.periods import Month
from handlers.records.feedback import SATISFIED_FROM
from handlers.templates import Templates
from storage.enums import Kind, Status
from storage.models import Person, Record, Visit

VISIT_POINTS = 8.0
YEAR_MINIMUM = 60.0
NOT_MATTERS = (Status.MERGED, Status.WITHDRAWN)


@dataclass(frozen=True)
class Points:
    visits: float
    answers: int
    ratings: int

    @property
    def total(self) -> float:
        return round(self.visits + self.answers + self.ratings, 1)

    def __add__(self, other: Points) -> Points:
        return Points(round(self.visits + other.visits, 1), self.answers + other.answers, self.ratings + other.ratings)


NO_POINTS = Points(0.0, 0, 0)


def _matters(session: Session, member: Person, month: Month) -> list[Record]:
    query = select(Record).where(
        Record.responsible_id == member.id,
        Record.kind != Kind.VISIT,
        col(Record.status).not_in(NOT_MATTERS),
        Record.created_at >= month.start,
        Record.created_at < month.end,  # type: ignore[arg-type]
    )
    return list(session.exec(query))


def _rating_points(rating: int | None) -> int:
    if rating is None or rating == SATISFIED_FROM:
        return 0
    return 1 if rating > SATISFIED_FROM else -2


def month_points(session: Session, member: Person, month: Month, limits: Limits, visit_share: float) -> Points:
    answers = 0
    ratings = 0
    for record in _matters(session, member, month):
        if record.responded_at is not None and record.responded_at - record.created_at <= limits.response(record.kind):
            answers += 1
        elif record.level > 0:
            answers -= 1
        ratings += _rating_points(record.rating)
    return Points(round(VISIT_POINTS * visit_share, 1), answers, ratings)


def ledger_start(session: Session, org_id: int) -> datetime | None:
    """When the organisation's ledger begins: its first record or visit."""
    first_record = session.exec(select(func.min(Record.created_at)).where(Record.org_id == org_id)).one()
    first_visit = session.exec(
        select(func.min(Visit.at)).join(Person, col(Person.id) == Visit.member_id).where(Person.org_id == org_id)
    ).one()
    found = [moment for moment in (first_record, first_visit) if moment is not None]
    return min(found, default=None)


def months_counted(session: Session, org_id: int, through: Month) -> list[Month]:
    """The months of `through`'s year that count, up to `through`; none before the ledger begins."""
    start = ledger_start(session, org_id)
    if start is None or start >= through.end:
        return []
    first = max(Month(through.year, 1), Month.of(start), key=lambda m: (m.year, m.month))
    months, cursor = [], first
    while (cursor.year, cursor.month) <= (through.year, through.month):
        months.append(cursor)
        cursor = cursor.next()
    return months


@dataclass(frozen=True)
class YearPoints:
    """A member's points from the first month counted through `months[-1]`."""

    by_month: list[tuple[Month, Points]]

    @property
    def total(self) -> Points:
        return sum((points for _, points in self.by_month), NO_POINTS)

    @property
    def last_month(self) -> Points:
        return self.by_month[-1][1] if self.by_month else NO_POINTS

    @property
    def expected(self) -> float:
        """The year's minimum pro-rated by the months counted."""
        return round(YEAR_MINIMUM * len(self.by_month) / 12, 1)

    @property
    def projected(self) -> float:
        return round(self.total.total / len(self.by_month) * 12, 1) if self.by_month else 0.0

    @property
    def behind(self) -> bool:
        return len(self.by_month) > 1 and self.total.total < self.expected

    @property
    def warned(self) -> bool:
        """The year-end warning of 002 §9 (启动警示型党员帮扶整转程序)."""
        return self.behind and self.by_month[-1][0].month == 12


def year_points(session: Session, member: Person, months: list[Month], limits: Limits) -> YearPoints:
    scored = []
    for month in months:
        share = member_coverage(session, member, month).rate or 0.0
        scored.append((month, month_points(session, member, month, limits, share)))
    return YearPoints(scored)


def points_flag(templates: Templates, year: YearPoints) -> str:
    if year.warned:
        return templates.render("points.warning", minimum=YEAR_MINIMUM, points=year.total.total)
    if year.behind:
        return templates.render("points.behind", expected=year.expected)
    return ""
