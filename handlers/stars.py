"""The hub star grading (党员中心户“十星级”, 000 §三(三)): ten criteria over the hub's area.

The criteria, their thresholds and the grades are data in `stars.toml` beside this file; this
module measures the area from the ledger and applies them. The area is the hub's scope as
`/统计` sees it: its own households and those of the members it links.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from handlers.escalation.limits import Limits, limits_for
from handlers.liaison import liaising_members
from handlers.periods import Month
from handlers.points import ledger_start, months_counted, year_points
from handlers.records.queries import records_in_scope
from handlers.stats import Figures, figures, households_due, percent, visited_ids
from handlers.templates import Templates
from storage.enums import Kind, Role
from storage.models import Household, Organisation, Person, VisitTask

STARS_FILE = Path(__file__).with_name("stars.toml")
ORG_LEVEL = 2


@dataclass(frozen=True)
class Area:
    """What the criteria measure: one hub's area over one period."""

    session: Session
    hub: Person
    households: list[Household]
    months: list[Month]
    start: datetime
    end: datetime
    figures: Figures
    limits: Limits


def _pooled(area: Area, focus: bool) -> float | None:
    chosen = [h.id for h in area.households if h.id is not None and (h.focus_tags or not focus)]
    due = len(chosen) * len(area.months)
    if not due:
        return None
    visited = sum(len(visited_ids(area.session, chosen, m.start, m.end)) for m in area.months)
    return visited / due


def _reach(area: Area) -> float | None:
    ids = [h.id for h in area.households if h.id is not None]
    return len(visited_ids(area.session, ids, area.start, area.end)) / len(ids) if ids else None


def _kept_in_area(area: Area) -> float | None:
    records = records_in_scope(
        area.session, area.hub.org_id, area.hub, created_from=area.start, created_before=area.end
    )
    matters = [r for r in records if r.kind != Kind.VISIT]
    return sum(1 for r in matters if r.level < ORG_LEVEL) / len(matters) if matters else None


def _tasks_in_time(area: Area) -> float | None:
    ids = [h.id for h in area.households if h.id is not None]
    query = select(VisitTask).where(
        col(VisitTask.household_id).in_(ids),
        VisitTask.opened_at >= area.start,  # type: ignore[arg-type]
        VisitTask.opened_at < area.end,  # type: ignore[arg-type]
    )
    tasks = list(area.session.exec(query))
    limit = area.limits.visit_reminder
    kept = [t for t in tasks if t.closed_at is not None and t.closed_at - t.opened_at <= limit]
    return len(kept) / len(tasks) if tasks else None


def _members_on_pace(area: Area) -> float | None:
    linked = [m for m in liaising_members(area.session, area.hub.org_id) if m.hub_id == area.hub.id]
    months = months_counted(area.session, area.hub.org_id, area.months[-1]) if area.months else []
    if not linked or not months:
        return None
    return sum(1 for m in linked if not year_points(area.session, m, months, area.limits).behind) / len(linked)


METRICS: dict[str, Callable[[Area], float | None]] = {
    "coverage": lambda area: _pooled(area, focus=False),
    "focus_coverage": lambda area: _pooled(area, focus=True),
    "reach": _reach,
    "response_rate": lambda area: area.figures.response_rate,
    "resolution_rate": lambda area: area.figures.resolution_rate,
    "satisfaction_rate": lambda area: area.figures.satisfaction_rate,
    "overdue": lambda area: len(area.figures.overdue),
    "kept_in_area": _kept_in_area,
    "tasks_in_time": _tasks_in_time,
    "members_on_pace": _members_on_pace,
}
COUNTS = {"overdue"}


@dataclass(frozen=True)
class Criterion:
    id: str
    metric: str
    at_least: float | None
    at_most: float | None
    if_none: bool

    @property
    def figure(self) -> str:
        """The threshold as the criterion's wording shows it: a count, or a percentage."""
        threshold = self.at_least if self.at_least is not None else self.at_most
        return f"{threshold:g}" if self.metric in COUNTS else percent(threshold)

    def met(self, value: float | None) -> bool:
        if value is None:
            return self.if_none
        if self.at_least is not None and value < self.at_least:
            return False
        return self.at_most is None or value <= self.at_most


@dataclass(frozen=True)
class Grade:
    id: str
    stars: int
    satisfaction: float | None


@dataclass(frozen=True)
class Standard:
    criteria: list[Criterion]
    grades: list[Grade]
    adjust_at_most: int

    def grade(self, stars: int, satisfaction: float | None) -> Grade:
        for grade in self.grades:
            if stars >= grade.stars and (
                grade.satisfaction is None or (satisfaction is not None and satisfaction >= grade.satisfaction)
            ):
                return grade
        return self.grades[-1]


class StandardError(ValueError):
    pass


def _criterion(file: Path, raw: dict[str, Any]) -> Criterion:
    name = raw.get("id", "?")
    if raw.get("metric") not in METRICS:
        raise StandardError(f"{file}: criterion {name!r} has unknown metric {raw.get('metric')!r}")
    if ("at_least" in raw) == ("at_most" in raw):
        raise StandardError(f"{file}: criterion {name!r} needs exactly one of at_least / at_most")
    if raw.get("if_none", "met") not in ("met", "unmet"):
        raise StandardError(f"{file}: criterion {name!r}: if_none is 'met' or 'unmet'")
    return Criterion(str(name), raw["metric"], raw.get("at_least"), raw.get("at_most"), raw.get("if_none") != "unmet")


def load_standard(file: Path = STARS_FILE) -> Standard:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        criteria = [_criterion(file, raw) for raw in data["criterion"]]
        grades = [Grade(g["id"], int(g["stars"]), g.get("satisfaction")) for g in data["grade"]]
        adjust = int(data["adjust"]["at_most_stars"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise StandardError(f"{file}: cannot read the star standard ({error})") from error
    if not grades or grades[-1].stars != 0 or grades[-1].satisfaction is not None:
        raise StandardError(f"{file}: the last grade must take every hub (stars = 0, no satisfaction)")
    return Standard(criteria, grades, adjust)


STANDARD = load_standard()


@dataclass(frozen=True)
class HubStars:
    hub: Person
    met: list[str]
    unmet: list[str]
    satisfaction: float | None
    grade: str
    adjust: bool

    @property
    def stars(self) -> int:
        return len(self.met)


def _months_between(start: datetime, end: datetime) -> list[Month]:
    months, cursor = [], Month.of(start)
    while cursor.start < end:
        months.append(cursor)
        cursor = cursor.next()
    return months


def grade_hub(session: Session, hub: Person, start: datetime, end: datetime, now: datetime) -> HubStars:
    """The hub's stars for the period [start, end), the ledger read as at `now`; months before
    the organisation's ledger began are not held against it."""
    began = ledger_start(session, hub.org_id)
    if began is not None:
        start = max(start, Month.of(began).start)
    org = session.get(Organisation, hub.org_id)
    found = figures(session, hub.org_id, start, end, now, hub)
    area = Area(
        session,
        hub,
        households_due(session, hub.org_id, hub),
        _months_between(start, end),
        start,
        end,
        found,
        limits_for(org),
    )
    met: list[str] = []
    unmet: list[str] = []
    for criterion in STANDARD.criteria:
        (met if criterion.met(METRICS[criterion.metric](area)) else unmet).append(criterion.id)
    grade = STANDARD.grade(len(met), found.satisfaction_rate)
    return HubStars(hub, met, unmet, found.satisfaction_rate, grade.id, len(met) <= STANDARD.adjust_at_most)


def hubs(session: Session, org_id: int) -> list[Person]:
    query = select(Person).where(Person.org_id == org_id, Person.role == Role.HUB, Person.active)
    return list(session.exec(query.order_by(col(Person.id))))


def star_lines(templates: Templates, graded: HubStars, details: bool = True) -> list[str]:
    render = templates.render
    lines = [
        render(
            "stars.line",
            name=graded.hub.name,
            stars=graded.stars,
            total=len(STANDARD.criteria),
            grade=render(f"stars.grade.{graded.grade}"),
            satisfaction=percent(graded.satisfaction),
            adjust=render("stars.adjust", at_most=STANDARD.adjust_at_most) if graded.adjust else "",
        )
    ]
    if details:
        by_id = {c.id: c for c in STANDARD.criteria}
        for key, ids in (("stars.met", graded.met), ("stars.unmet", graded.unmet)):
            if ids:
                names = "、".join(render(f"stars.criterion.{i}", figure=by_id[i].figure) for i in ids)
                lines.append(render(key, criteria=names))
    return lines
