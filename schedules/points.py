"""Members' liaison points (积分, 002 §9), counted from the ledger.

For each month and each liaising member (members exempt from liaison duty are not scored):

- 走访 visits: 8 × the share of the member's households visited in that month, so visiting
  every household every month earns 96 a year, close to the 100 a year expected;
- 答复 answers: +1 for each matter the member is responsible for, raised that month, first
  answered within the response limit; −1 for each that climbed past the member unanswered;
- 评价 ratings (of matters raised that month): +1 per 满意 (4-5), 0 per 基本满意 (3) and −2 per
  不满意 (1-2), the "reverse deduction" for residents' poor opinion.

The year so far is recounted from scratch every time (a late rating lands in its matter's
month). The projection scales it to twelve months, counting from January or from the first
month the organisation's ledger holds anything, whichever is later; a projected year under 60
is flagged, the threshold at which 002 §9 starts the warning procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from handlers.limits import Limits
from handlers.periods import Month
from handlers.records.feedback import SATISFIED_FROM
from storage.enums import Kind, Status
from storage.models import Person, Record, Visit

VISIT_POINTS = 8.0
WARNING_BELOW = 60.0
NOT_MATTERS = (Status.MERGED, Status.WITHDRAWN)


@dataclass(frozen=True)
class Points:
    visits: float
    answers: int
    ratings: int

    @property
    def total(self) -> float:
        return round(self.visits + self.answers + self.ratings, 1)


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


def projected(year_total: float, months_counted: int) -> float:
    return round(year_total / months_counted * 12, 1) if months_counted else 0.0


def warned(projection: float) -> bool:
    return projection < WARNING_BELOW
