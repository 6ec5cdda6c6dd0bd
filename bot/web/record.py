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
from handlers.escalation.limits import is_overdue, limits_for
from handlers.formats import say
from handlers.labels import (
    KIND_LABELS,
    LEVEL_LABELS,
    MEDIA_LABELS,
    MUST_VISIT_LABELS,
    STATUS_LABELS,
    SYSTEM_ACTOR,
    URGENCY_LABELS,
)
from handlers.privacy import mask_pii
from handlers.records.describe import label, trail_step
from handlers.records.feedback import SCORE_LABELS
from handlers.records.notices import follower
from handlers.records.scope import in_scope
from storage.enums import Kind, Status
from storage.media import MediaState, attachments_of_record
from storage.models import Attachment, Group, Household, Person, Record, RecordEvent


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


def _event(session: Session, event: RecordEvent) -> Event:
    action, change, note = trail_step(event.action, event.to_status, mask_pii(event.note or ""))
    actor = _person(session, event.actor_id) if event.actor_id else SYSTEM_ACTOR
    return Event(at=event.at, actor=actor, action=action, change=change, note=note)


def _events(session: Session, record: Record) -> list[Event]:
    query = select(RecordEvent).where(RecordEvent.record_id == record.id).order_by(col(RecordEvent.id))
    return [_event(session, event) for event in session.exec(query)]


@dataclass(frozen=True)
class Shown:
    """One attachment as the page shows it: an image inline, audio and video with controls, else a link."""

    url: str
    kind: str
    label: str
    file_name: str
    element: str  # "img", "audio", "video" or "link"


def _attachments(session: Session, record: Record) -> list[Shown]:
    assert record.id is not None
    return [_shown(a) for a in attachments_of_record(session, record.id) if a.state == MediaState.STORED]


def _shown(attachment: Attachment) -> Shown:
    family = attachment.mime_type.split("/", 1)[0]
    element = {"image": "img", "audio": "audio", "video": "video"}.get(family, "link")
    what = MEDIA_LABELS[attachment.kind]
    return Shown(f"/media/{attachment.id}", attachment.kind, what, attachment.file_name, element)


def _rating(score: int | None) -> str:
    return say("units.score", label=SCORE_LABELS[score], score=score) if score in SCORE_LABELS else "—"


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
        attachments=_attachments(session, record),
        **actions.panel(request, session, viewer, record),
    )
