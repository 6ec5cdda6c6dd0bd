"""The ledger (台账): the organisation's records, newest first, filtered and paginated."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from aiohttp import web
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.render import render
from handlers.escalation.limits import Limits, is_overdue, limits_for
from handlers.labels import KIND_LABELS, MUST_VISIT_LABELS, STATUS_LABELS
from handlers.periods import Month
from handlers.records.notices import follower
from storage.enums import Kind, Status
from storage.models import Household, Record

PAGE_SIZE = 50
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> Month | None:
    match = MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return Month(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class LedgerFilter:
    """What the secretary chose in the filter form; values that make no sense are left out."""

    kind: Kind | None = None
    status: Status | None = None
    overdue: bool = False
    month: Month | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> LedgerFilter:
        kind, status = query.get("kind", ""), query.get("status", "")
        return cls(
            kind=Kind(kind) if kind in set(Kind) else None,
            status=Status(status) if status in set(Status) else None,
            overdue=query.get("overdue") == "1",
            month=parse_month(query.get("month", "")),
        )

    def link(self, page: int) -> str:
        """The ledger's address for `page` with these filters."""
        params = {
            "kind": self.kind or "",
            "status": self.status or "",
            "overdue": "1" if self.overdue else "",
            "month": str(self.month) if self.month else "",
            "page": str(page) if page > 1 else "",
        }
        query = urlencode({name: value for name, value in params.items() if value})
        return f"/?{query}" if query else "/"


@dataclass(frozen=True)
class Row:
    record: Record
    kind: str
    category: str
    status: str
    household: str
    follower: str
    overdue: bool


def _filtered(org_id: int, chosen: LedgerFilter) -> SelectOfScalar[Record]:
    query = select(Record).where(Record.org_id == org_id)
    if chosen.kind is not None:
        query = query.where(Record.kind == chosen.kind)
    if chosen.status is not None:
        query = query.where(Record.status == chosen.status)
    if chosen.month is not None:
        query = query.where(Record.created_at >= chosen.month.start, Record.created_at < chosen.month.end)  # type: ignore[arg-type,operator]
    return query.order_by(col(Record.created_at).desc(), col(Record.id).desc())


def find_records(
    session: Session, viewer: Viewer, chosen: LedgerFilter, page: int, now: datetime
) -> tuple[list[Record], int, int]:
    """The matching records on `page` (at most the last page), that page's number, and how many match in all."""
    assert viewer.org.id is not None
    query = _filtered(viewer.org.id, chosen)
    late: list[Record] = []
    if chosen.overdue:  # the rule lives in handlers.escalation.limits, in Python; a village's open matters are few
        limits = limits_for(viewer.org)
        late = [r for r in session.exec(query) if is_overdue(r, limits, now)]
        total = len(late)
    else:
        total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    page = min(page, max(1, math.ceil(total / PAGE_SIZE)))
    offset = (page - 1) * PAGE_SIZE
    if chosen.overdue:
        return late[offset : offset + PAGE_SIZE], page, total
    return list(session.exec(query.offset(offset).limit(PAGE_SIZE))), page, total


def _row(session: Session, record: Record, limits: Limits, now: datetime) -> Row:
    household = session.get(Household, record.household_id) if record.household_id else None
    return Row(
        record=record,
        kind=KIND_LABELS[Kind(record.kind)],
        category=record.category or MUST_VISIT_LABELS.get(record.must_visit or "", "—"),
        status=STATUS_LABELS[Status(record.status)],
        household=household.head_name if household else "—",
        follower=follower(session, record),
        overdue=is_overdue(record, limits, now),
    )


def _page_number(text: str) -> int:
    return max(int(text), 1) if text.isascii() and text.isdigit() else 1


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    now = web_deps(request).clock.now()
    chosen = LedgerFilter.from_query(request.query)
    records, page, total = find_records(session, viewer, chosen, _page_number(request.query.get("page", "1")), now)
    limits = limits_for(viewer.org)
    return render(
        "ledger.html",
        viewer=viewer,
        active="ledger",
        rows=[_row(session, r, limits, now) for r in records],
        chosen=chosen,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        export_month=chosen.month or Month.of(now),
    )
