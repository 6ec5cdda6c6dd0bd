"""统计: the month's figures and the overdue list, exactly what `/统计` computes (handlers.stats)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlmodel import Session

from bot.web import charts
from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.ledger import parse_month
from bot.web.render import render
from handlers.periods import Month
from handlers.records.describe import age, label
from handlers.records.notices import followers
from handlers.stats import figures, percent
from storage.models import Record


@dataclass(frozen=True)
class OverdueRow:
    record: Record
    label: str
    age: str
    follower: str


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    assert viewer.org.id is not None
    now = web_deps(request).clock.now()
    period = parse_month(request.query.get("month", "")) or Month.of(now)
    found = figures(session, viewer.org.id, period.start, period.end, now, viewer.person)
    overdue = [
        OverdueRow(r, label(r), age(r.created_at, now), name)
        for r, name in zip(found.overdue, followers(session, found.overdue), strict=True)
    ]
    return render(
        "figures.html",
        viewer=viewer,
        active="figures",
        period=period,
        this_month=period == Month.of(now),
        found=found,
        percent=percent,
        overdue=overdue,
        charts=charts.figure_charts(session, viewer.org.id, period, now),
        line=charts.line,
        bars=charts.bars,
    )
