"""The quarterly report to the tier-1 group (四个一: each hub reports to its branch every
quarter, 000 §三(一); 每季评定公示 of the members' points, 001): last quarter's figures per hub,
its stars, and the members' points so far this year."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.periods import Quarter
from handlers.reports.monthly import points_lines
from handlers.stars import grade_hub, hubs, star_lines
from handlers.stats import figures, percent
from storage.models import Organisation, Person


def hub_lines(session: Session, deps: Deps, hub: Person, quarter: Quarter, now: datetime) -> list[str]:
    found = figures(session, hub.org_id, quarter.start, quarter.end, now, hub)
    line = deps.templates.render(
        "schedules.quarterly.hub",
        name=hub.name,
        visited=found.coverage.visited,
        due=found.coverage.due,
        received=found.received,
        resolved=found.resolved,
        satisfaction=percent(found.satisfaction_rate),
        rated=found.rated,
    )
    graded = grade_hub(session, hub, quarter.start, quarter.end, now)
    return [line, *star_lines(deps.templates, graded)]


def quarterly_report(session: Session, deps: Deps, org: Organisation, quarter: Quarter, now: datetime) -> str:
    lines = [deps.templates.render("schedules.quarterly.header", org=org.name, quarter=quarter.label)]
    for hub in hubs(session, org.id):  # type: ignore[arg-type]
        lines += hub_lines(session, deps, hub, quarter, now)
    lines += points_lines(session, deps, org, quarter.months[-1])
    return "\n".join(lines)
