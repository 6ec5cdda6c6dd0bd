"""The monthly report a secretary gets on the 1st: last month's figures against the month
before, and each member's points with a warning for anyone heading for under 60 this year."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.limits import Limits, limits_for
from handlers.periods import Month
from handlers.stats import Figures, figures, percent
from schedules.points import ledger_start, month_points, projected, warned
from schedules.visits import liaising_members, member_coverage
from storage.models import Organisation, Person

RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def _trend(deps: Deps, now: float | None, before: float | None) -> str:
    if now is None or before is None or abs(now - before) < 0.005:
        return ""
    return deps.templates.render("schedules.report.up" if now > before else "schedules.report.down")


def figure_lines(deps: Deps, this: Figures, last: Figures) -> list[str]:
    render = deps.templates.render
    lines = [render("schedules.report.received", value=this.received, before=last.received)]
    pairs = [(name, getattr(this, name), getattr(last, name)) for name in RATES]
    pairs += [
        ("coverage", this.coverage.rate, last.coverage.rate),
        ("focus_coverage", this.coverage.focus_rate, last.coverage.focus_rate),
    ]
    for name, value, before in pairs:
        lines.append(
            render(
                f"schedules.report.{name}",
                value=percent(value),
                before=percent(before),
                trend=_trend(deps, value, before),
            )
        )
    lines.append(render("schedules.report.overdue", count=len(this.overdue)))
    return lines


def points_lines(session: Session, deps: Deps, org: Organisation, month: Month) -> list[str]:
    render = deps.templates.render
    limits = limits_for(org)
    start = ledger_start(session, org.id)  # type: ignore[arg-type]
    if start is None or start >= month.end:
        return [render("schedules.report.points_none")]
    first = max(Month(month.year, 1), Month.of(start), key=lambda m: (m.year, m.month))
    months = _months(first, month)
    lines = [render("schedules.report.points_header", month=month.label)]
    for member in liaising_members(session, org.id):  # type: ignore[arg-type]
        by_month = [_points(session, member, m, limits) for m in months]
        year = round(sum(by_month), 1)
        projection = projected(year, len(months))
        warning = render("schedules.report.points_warning") if warned(projection) else ""
        lines.append(
            render(
                "schedules.report.points_line",
                name=member.name,
                month_points=by_month[-1],
                year_points=year,
                projected=projection,
                warning=warning,
            )
        )
    return lines


def _points(session: Session, member: Person, month: Month, limits: Limits) -> float:
    share = member_coverage(session, member, month).rate or 0.0
    return month_points(session, member, month, limits, share).total


def _months(first: Month, last: Month) -> list[Month]:
    months, cursor = [], first
    while (cursor.year, cursor.month) <= (last.year, last.month):
        months.append(cursor)
        cursor = cursor.next()
    return months


def monthly_report(session: Session, deps: Deps, org: Organisation, month: Month, now: datetime) -> str:
    before = month.previous()
    this = figures(session, org.id, month.start, month.end, now)  # type: ignore[arg-type]
    last = figures(session, org.id, before.start, before.end, now)  # type: ignore[arg-type]
    header = deps.templates.render("schedules.report.header", org=org.name, month=month.label, previous=before.label)
    return "\n".join([header, *figure_lines(deps, this, last), *points_lines(session, deps, org, month)])
