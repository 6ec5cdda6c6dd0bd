"""The month's visit coverage the tier-1 group reads on the month's last day: village-wide and
per liaising member, focus households apart, with the first few households each member missed."""

from __future__ import annotations

from sqlmodel import Session

from handlers.context import Deps
from handlers.liaison import liaising_members, member_coverage, unvisited
from handlers.periods import Month
from handlers.stats import coverage, percent
from storage.models import Person

MISSING_SHOWN = 5


def _member_line(session: Session, deps: Deps, member: Person, month: Month) -> str:
    render = deps.templates.render
    mine = member_coverage(session, member, month)
    missing = [h.head_name for h in unvisited(session, member, month)]
    shown = "、".join(missing[:MISSING_SHOWN])
    cut = len(missing) > MISSING_SHOWN
    more = "schedules.visits.summary_missing_more" if cut else "schedules.visits.summary_missing"
    return render(
        "schedules.visits.summary_line",
        name=member.name,
        visited=mine.visited,
        due=mine.due,
        focus_visited=mine.focus_visited,
        focus_due=mine.focus_due,
        missing=render(more, names=shown) if missing else "",
    )


def coverage_summary(session: Session, deps: Deps, org_id: int, month: Month) -> str:
    whole = coverage(session, org_id, month.start, month.end)
    header = deps.templates.render(
        "schedules.visits.summary_header",
        month=month.label,
        visited=whole.visited,
        due=whole.due,
        rate=percent(whole.rate),
        focus_visited=whole.focus_visited,
        focus_due=whole.focus_due,
        focus_rate=percent(whole.focus_rate),
    )
    members = liaising_members(session, org_id)
    return "\n".join([header, *(_member_line(session, deps, member, month) for member in members)])
