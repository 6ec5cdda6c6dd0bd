"""The daily overdue digest to a secretary (跟踪督办, 003): the matters open past the resolution
limit, oldest first as the theme-day digest lists them, the first few of them in full."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.escalation.limits import is_overdue, limits_for
from handlers.labels import LEVEL_LABELS
from handlers.privacy import masked_excerpt
from handlers.records.describe import age, label
from handlers.theme_day.digest import open_matters
from storage.models import Organisation, Person, Record

SHOWN = 15


def overdue(session: Session, org: Organisation, now: datetime) -> list[Record]:
    limits = limits_for(org)
    return [r for r in open_matters(session, org.id) if is_overdue(r, limits, now)]  # type: ignore[arg-type]


def overdue_digest(session: Session, deps: Deps, org: Organisation, records: list[Record], now: datetime) -> str:
    render = deps.templates.render
    limit = limits_for(org).resolution
    lines = [render("schedules.overdue.header", count=len(records), limit=age(now - limit, now))]
    for r in records[:SHOWN]:
        responsible = session.get(Person, r.responsible_id) if r.responsible_id else None
        lines.append(
            render(
                "schedules.overdue.line",
                id=r.id,
                label=label(r),
                level=LEVEL_LABELS.get(r.level, ""),
                age=age(r.created_at, now),
                responsible=responsible.name if responsible else "—",
                text=masked_excerpt(r.text, 30),
            )
        )
    if len(records) > SHOWN:
        lines.append(render("schedules.overdue.more", count=len(records) - SHOWN))
    return "\n".join(lines)
