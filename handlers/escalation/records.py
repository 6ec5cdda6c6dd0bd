"""Climbing a record one level when its clock runs out: one message to the right place, the
level and its start time updated, and the step written to the record's audit trail.

Grievance (and a must-visit record without a task): to the hub privately, then to the
secretaries in the tier-1 group with @mentions, then marked for the township platform.
Emergency: every step is posted in the tier-1 group, mentioning who must act now.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from handlers.context import Deps
from handlers.escalation.limits import Level, Limits
from handlers.escalation.staff import Staff
from handlers.labels import LEVEL_LABELS, ROLE_LABELS
from handlers.privacy import masked_excerpt
from handlers.records.describe import age, label
from handlers.records.lifecycle import audit
from storage import outbox
from storage.enums import Kind, Role, TownshipState
from storage.models import Group, OutboxMessage, Person, Record, SendClaim
from storage.sends import SendKey

log = logging.getLogger(__name__)


def who(people: list[Person]) -> str:
    return "、".join(f"{ROLE_LABELS[Role(p.role)]}{p.name}" for p in people)


def next_level(staff: Staff, record: Record) -> int:
    """One level up, passing over a level with nobody on it (a member without a hub)."""
    level = record.level + 1
    while level < Level.TOWNSHIP and not staff.people_at(record, level):
        level += 1
    return level


def climb_key(record: Record, level: int) -> SendKey:
    """The send ledger's key of `record`'s climb to `level`."""
    return SendKey("escalate", f"record:{record.id}", f"level:{level}")


def climb(
    session: Session,
    deps: Deps,
    staff: Staff,
    record: Record,
    level: int,
    claim: SendClaim | None,
    limits: Limits,
    now: datetime,
    *,
    township_auto: bool,
) -> None:
    """Climb `record` to `level` (`next_level`'s), announcing it under `claim` (its `climb_key`'s)."""
    limit = limits.at_level(record.kind, record.level)
    if claim is None:  # announced and audited with its claim already; only the level is behind
        log.warning("record %s was already escalated to level %s; repairing its level", record.id, level)
        record.level, record.level_since = level, now
        return
    text, acting, private = _message(deps, staff, record, level, now, township_auto)
    group = None if private else staff.tier1(record.org_id)
    claim.outbox = _deliver(session, record, now, text, acting, group)
    note = deps.templates.render(
        "schedules.escalate.note", limit=age(now - limit, now) if limit else "", level=LEVEL_LABELS[level]
    )
    audit(session, record, "escalate", now, None, note)
    log.info("record %s escalated from level %s to %s", record.id, record.level, level)
    record.level, record.level_since, record.updated_at = level, now, now
    if level == Level.TOWNSHIP:
        record.township_state = record.township_state or TownshipState.PENDING
    # every climbing record updates the same columns, so the flush sends them all as one statement
    # (the ORM batches only neighbours alike: 24 round trips for 60 records on PostgreSQL)
    flag_modified(record, "township_state")


def _message(
    deps: Deps, staff: Staff, record: Record, level: int, now: datetime, township_auto: bool
) -> tuple[str, list[Person], bool]:
    """The step's text, who it calls on, and whether it goes privately rather than to tier 1."""
    render = deps.templates.render
    waiting = staff.people_at(record, record.level)
    acting = staff.people_at(record, min(level, Level.ORG))
    fields = {
        "id": record.id,
        "label": label(record),
        "age": age(record.created_at, now),
        "waiting": who(waiting) or LEVEL_LABELS[record.level],
        "text": masked_excerpt(record.text, 60),
        "names": who(acting) or LEVEL_LABELS[level],
    }
    emergency = record.kind == Kind.EMERGENCY
    if emergency and level < Level.TOWNSHIP:
        return render("schedules.escalate.emergency", level=LEVEL_LABELS[level], **fields), acting, False
    if level == Level.HUB:
        return render("schedules.escalate.to_hub", **fields), acting, True
    if level == Level.ORG:
        return render("schedules.escalate.to_org", **fields), acting, False
    handoff = render("schedules.escalate.handoff_auto" if township_auto else "schedules.escalate.handoff_manual")
    key = "schedules.escalate.emergency_township" if emergency else "schedules.escalate.to_township"
    return render(key, handoff=handoff, **fields), acting, False


def _deliver(
    session: Session, record: Record, now: datetime, text: str, people: list[Person], group: Group | None
) -> OutboxMessage | None:
    """Enqueue the step's one message: in the tier-1 group when it has one, else to each person privately."""
    mentions = [p.id for p in people if p.id is not None]
    if group is not None:
        return outbox.enqueue(session, now, text, group_id=group.id, mention_ids=mentions)
    rows = [outbox.enqueue(session, now, text, person_id=pid) for pid in mentions]
    if not rows:
        log.error("record %s: nobody to tell about its escalation", record.id)
    return rows[0] if rows else None
