"""The monthly report a secretary gets on the 1st: last month's figures against the month
before, each hub's stars, and each member's points, flagged when behind the year's pace (see `handlers.points`)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.escalation.limits import limits_for
from handlers.liaison import liaising_members
from handlers.periods import Month
from handlers.points import months_counted, points_flag, year_points
from handlers.stars import grade_hub, hubs, star_lines
from handlers.stats import Figures, figures, percent
from storage.models import Organisation

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
    months = months_counted(session, org.id, month)  # type: ignore[arg-type]
    if not months:
        return [render("schedules.report.points_none")]
    limits = limits_for(org)
    lines = [render("schedules.report.points_header", month=month.label)]
    for member in liaising_members(session, org.id):  # type: ignore[arg-type]
        year = year_points(session, member, months, limits)
        lines.append(
            render(
                "schedules.report.points_line",
                name=member.name,
                month_points=year.last_month.total,
                year_points=year.total.total,
                projected=year.projected,
                warning=points_flag(deps.templates, year),
            )
        )
    return lines


def stars_section(session: Session, deps: Deps, org: Organisation, month: Month, now: datetime) -> list[str]:
    """Each hub's stars over the month, once the ledger holds anything."""
    found = hubs(session, org.id)  # type: ignore[arg-type]
    if not found or not months_counted(session, org.id, month):  # type: ignore[arg-type]
        return []
    lines = [deps.templates.render("schedules.report.stars_header", month=month.label)]
    for hub in found:
        lines += star_lines(deps.templates, grade_hub(session, hub, month.start, month.end, now), details=False)
    return lines


def monthly_report(session: Session, deps: Deps, org: Organisation, month: Month, now: datetime) -> str:
    before = month.previous()
    this = figures(session, org.id, month.start, month.end, now)  # type: ignore[arg-type]
    last = figures(session, org.id, before.start, before.end, now)  # type: ignore[arg-type]
    header = deps.templates.render("schedules.report.header", org=org.name, month=month.label, previous=before.label)
    return "\n".join(
        [
            header,
            *figure_lines(deps, this, last),
            *stars_section(session, deps, org, month, now),
            *points_lines(session, deps, org, month),
        ]
    )
