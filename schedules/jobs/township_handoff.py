"""`township-handoff`, every 5 minutes: post each pending level-3 record to the township
platform. The HTTP calls run outside any transaction; each outcome is then written in its own.
A failed hand-off stays pending with its attempts counted and is tried again after a back-off,
so it is never lost; after a few failures the secretaries are told once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.records.lifecycle import OPEN, audit
from handlers.records.people import secretaries, tier1_group
from schedules import township
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec, OutsideContext
from schedules.triggers import every
from storage.db import session_scope
from storage.models import Household, Organisation, Record, Township
from storage.sends import SendKey

JOB_ID = "township-handoff"
ALERT_AFTER = 3
log = logging.getLogger(__name__)


def _pending(session: Session) -> list[Record]:
    query = select(Record).where(Record.township_state == township.PENDING, col(Record.status).in_(OPEN))
    return list(session.exec(query.order_by(col(Record.id))))


def _batch(session: Session, now: datetime, api_key: str | None) -> list[tuple[int, dict[str, Any]]]:
    batch = []
    for record in _pending(session):
        org = session.get(Organisation, record.org_id)
        if org is None or record.id is None or not township.due_for_handoff(record, now):
            continue
        household = session.get(Household, record.household_id) if record.household_id else None
        town = session.get(Township, org.township_id)
        body = township.service_request(record, org, household, town.name if town else None, api_key)
        batch.append((record.id, body))
    return batch


async def hand_off(ctx: OutsideContext) -> None:
    endpoint = ctx.settings.township_endpoint
    if not endpoint:
        return
    with session_scope(ctx.engine) as session:
        batch = _batch(session, ctx.now, ctx.settings.township_api_key)
    if not batch:
        return
    timeout = aiohttp.ClientTimeout(total=ctx.settings.township_timeout_seconds)
    async with aiohttp.ClientSession(timeout=timeout) as client:
        for record_id, body in batch:
            try:
                ref = await township.post(
                    client, endpoint, body, retries=ctx.settings.township_retries, sleep=ctx.deps.clock.sleep
                )
            except township.HandOffError as error:
                with session_scope(ctx.engine) as session:
                    _failed(session, ctx.deps, record_id, str(error), ctx.deps.clock.now())
            else:
                with session_scope(ctx.engine) as session:
                    _sent(session, ctx.deps, record_id, ref, ctx.deps.clock.now())


def _sent(session: Session, deps: Deps, record_id: int, ref: str, now: datetime) -> None:
    record = session.get(Record, record_id)
    if record is None:
        return
    record.township_state, record.township_ref, record.township_retry_at = township.SENT, ref, None
    audit(session, record, "township", now, None, deps.templates.render("schedules.township.note_sent", ref=ref))
    log.info("record %s handed to the township platform as %s", record_id, ref)
    group = tier1_group(session, record.org_id)
    if group is not None:
        text = deps.templates.render("schedules.township.sent", id=record.id, ref=ref)
        send_once(session, now, SendKey("township-sent", f"record:{record.id}", "sent"), text, group_id=group.id)


def _failed(session: Session, deps: Deps, record_id: int, error: str, now: datetime) -> None:
    record = session.get(Record, record_id)
    if record is None:
        return
    record.township_attempts += 1
    record.township_retry_at = now + township.retry_after(record.township_attempts)
    log.warning("hand-off of record %s failed (attempt %s): %s", record_id, record.township_attempts, error)
    if record.township_attempts == 1:
        note = deps.templates.render("schedules.township.note_failed", error=error)
        audit(session, record, "township", now, None, note)
    if record.township_attempts < ALERT_AFTER:
        return
    text = deps.templates.render(
        "schedules.township.failing", id=record.id, attempts=record.township_attempts, error=error
    )
    for person in secretaries(session, record.org_id):
        send_once(
            session,
            now,
            SendKey("township-failing", f"person:{person.id}", f"record:{record.id}"),
            text,
            person_id=person.id,
        )


def idle_until(ctx: JobContext) -> datetime | None:
    if not ctx.settings.township_endpoint:
        return None
    waiting = [r.township_retry_at or ctx.now for r in _pending(ctx.session)]
    return min(waiting, default=None)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(5), None, grace=timedelta(hours=1), idle_until=idle_until, run_outside=hand_off)
