"""One record: its full text (numbers masked), who follows it, and its whole audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from sqlmodel import Session, col, select

from bot.web import actions
from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.render import render
from handlers.labels import (
    ACTION_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    MUST_VISIT_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
)
from handlers.limits import is_overdue, limits_for
from handlers.privacy import mask_pii
from handlers.records.describe import label
from handlers.records.feedback import SCORE_LABELS
from handlers.records.notices import follower
from handlers.records.scope import in_scope
from storage.enums import Kind, Status
from storage.models import Group, Household, Person, Record, RecordEvent

SYSTEM = "系统"


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    change: str
    note: str


def _person(session: Session, person_id: int | None) -> str:
    person = session.get(Person, person_id) if person_id else None
    return person.name if person else "—"


def _status(status: str | None) -> str:
    return STATUS_LABELS[Status(status)] if status in set(Status) else (status or "")


def _events(session: Session, record: Record) -> list[Event]:
    query = select(RecordEvent).where(RecordEvent.record_id == record.id).order_by(col(RecordEvent.id))
    return [
        Event(
            at=event.at,
            actor=_person(session, event.actor_id) if event.actor_id else SYSTEM,
            action=ACTION_LABELS.get(event.action, event.action),
            change=_status(event.to_status),
            note=mask_pii(event.note or ""),
        )
        for event in session.exec(query)
    ]


def _rating(score: int | None) -> str:
    return f"{SCORE_LABELS[score]}（{score}分）" if score in SCORE_LABELS else "—"


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    record = session.get(Record, int(request.match_info["number"]))
    if record is None or not in_scope(session, viewer.person, record):
        return render("not_found.html", status=404, viewer=viewer, active="")
    household = session.get(Household, record.household_id) if record.household_id else None
    group = session.get(Group, record.group_id) if record.group_id else None
    return render(
        "record.html",
        viewer=viewer,
        active="ledger",
        record=record,
        label=label(record),
        kind=KIND_LABELS[Kind(record.kind)],
        state=STATUS_LABELS[Status(record.status)],
        level=LEVEL_LABELS.get(record.level, ""),
        urgency=URGENCY_LABELS.get(record.urgency, record.urgency),
        must_visit=MUST_VISIT_LABELS.get(record.must_visit or "", "—"),
        overdue=is_overdue(record, limits_for(viewer.org), web_deps(request).clock.now()),
        text=mask_pii(record.text),
        reporter=_person(session, record.reporter_id),
        household=household.head_name if household else "—",
        group=group.name if group else "—",
        follower=follower(session, record),
        rating=_rating(record.rating),
        events=_events(session, record),
        **actions.panel(request, session, viewer, record),
    )
