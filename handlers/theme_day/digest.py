"""The theme-day digest (集中反馈民情办理进度, 002 §6): the month's matters received, resolved and
rated, and every matter still open with its age, oldest first."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.labels import STATUS_LABELS
from handlers.periods import Month
from handlers.privacy import masked_excerpt
from handlers.records.describe import age, label
from handlers.records.lifecycle import OPEN
from handlers.stats import figures, percent
from storage.enums import Kind, Status
from storage.models import Organisation, Person, Record

SHOWN = 10


def open_matters(session: Session, org_id: int) -> list[Record]:
    query = select(Record).where(Record.org_id == org_id, col(Record.status).in_(OPEN), Record.kind != Kind.VISIT)
    return list(session.exec(query.order_by(col(Record.created_at), col(Record.id))))


def open_lines(session: Session, deps: Deps, records: list[Record], now: datetime) -> list[str]:
    lines = []
    for record in records[:SHOWN]:
        responsible = session.get(Person, record.responsible_id) if record.responsible_id else None
        lines.append(
            deps.templates.render(
                "schedules.theme_day.open_line",
                id=record.id,
                label=label(record),
                status=STATUS_LABELS[Status(record.status)],
                age=age(record.created_at, now),
                responsible=responsible.name if responsible else "—",
                text=masked_excerpt(record.text, 30),
            )
        )
    if len(records) > SHOWN:
        lines.append(deps.templates.render("schedules.theme_day.open_more", count=len(records) - SHOWN))
    return lines


def digest(session: Session, deps: Deps, org: Organisation, day: date, topic: str, now: datetime) -> str:
    render = deps.templates.render
    month = Month(day.year, day.month)
    found = figures(session, org.id, month.start, month.end, now)  # type: ignore[arg-type]
    lines = [
        render("schedules.theme_day.digest_header", month=month.label, topic=topic),
        render(
            "schedules.theme_day.digest_figures",
            received=found.received,
            resolved=found.resolved,
            resolution_rate=percent(found.resolution_rate),
            response_rate=percent(found.response_rate),
            satisfaction_rate=percent(found.satisfaction_rate),
            rated=found.rated,
        ),
    ]
    still_open = open_matters(session, org.id)  # type: ignore[arg-type]
    if not still_open:
        return "\n".join([*lines, render("schedules.theme_day.none_open")])
    lines.append(render("schedules.theme_day.open_header", count=len(still_open), overdue=len(found.overdue)))
    return "\n".join(lines + open_lines(session, deps, still_open, now))
