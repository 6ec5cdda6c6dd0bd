"""`township-handoff`, every 5 minutes: post each pending level-3 record to the township
platform (`handlers.escalation.handoff` keeps the state, `schedules.township` speaks HTTP). The
HTTP calls run outside any transaction; each outcome is then written in its own.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlmodel import Session

from handlers.context import Deps
from handlers.escalation.handoff import due_for_handoff, hand_off_failed, handed_off, pending
from handlers.records.people import secretaries, tier1_group
from schedules import township
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec, OutsideContext
from schedules.triggers import every
from storage.db import session_scope
from storage.models import Household, Organisation, Record, Township
from storage.sends import SendKey

JOB_ID = "township-handoff"
log = logging.getLogger(__name__)


def _batch(session: Session, now: datetime, api_key: str | None) -> list[tuple[int, dict[str, Any]]]:
    batch = []
    for record in pending(session):
        org = session.get(Organisation, record.org_id)
        if org is None or record.id is None or not due_for_handoff(record, now):
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
    text = handed_off(session, deps, record, ref, now)
    log.info("record %s handed to the township platform as %s", record_id, ref)
    group = tier1_group(session, record.org_id)
    if group is not None:
        send_once(session, now, SendKey("township-sent", f"record:{record.id}", "sent"), text, group_id=group.id)


def _failed(session: Session, deps: Deps, record_id: int, error: str, now: datetime) -> None:
    record = session.get(Record, record_id)
    if record is None:
        return
    alert = hand_off_failed(session, deps, record, error, now)
    log.warning("hand-off of record %s failed (attempt %s): %s", record_id, record.township_attempts, error)
    if alert is None:
        return
    for person in secretaries(session, record.org_id):
        key = SendKey("township-failing", f"person:{person.id}", f"record:{record.id}")
        send_once(session, now, key, alert, person_id=person.id)


def idle_until(ctx: JobContext) -> datetime | None:
    if not ctx.settings.township_endpoint:
        return None
    waiting = [r.township_retry_at or ctx.now for r in pending(ctx.session)]
    return min(waiting, default=None)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(5), None, grace=timedelta(hours=1), idle_until=idle_until, run_outside=hand_off)
