"""Every scheduled send goes through here: claimed in the send ledger, then enqueued, in the
job's transaction. A second run, a catch-up or a second process finds the claim and sends
nothing, so no reminder goes twice.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, col, select

from storage import outbox
from storage.models import SendClaim
from storage.sends import SendKey, claim

log = logging.getLogger(__name__)


def send_once(
    session: Session,
    now: datetime,
    key: SendKey,
    text: str,
    *,
    group_id: int | None = None,
    person_id: int | None = None,
    mention_ids: list[int] | None = None,
) -> bool:
    """Claim `key` and enqueue `text`; False (and nothing enqueued) when already claimed."""
    taken = claim(session, key.job, key.target, key.period, now)
    if taken is None:
        return False
    taken.outbox = outbox.enqueue(session, now, text, group_id=group_id, person_id=person_id, mention_ids=mention_ids)
    return True


def drop_once(session: Session, now: datetime, key: SendKey, why: str) -> bool:
    """Claim `key` without sending: a stale send is dropped, logged once, and never retried."""
    if claim(session, key.job, key.target, key.period, now) is None:
        return False
    log.warning("dropped %s for %s (%s): %s", key.job, key.target, key.period, why)
    return True


def claimed(session: Session, key: SendKey) -> bool:
    query = select(SendClaim.id).where(
        SendClaim.job == key.job, SendClaim.target == key.target, SendClaim.period == key.period
    )
    return session.exec(query).first() is not None


def claimed_keys(session: Session, jobs: list[str]) -> set[SendKey]:
    """Every key claimed under `jobs`, in one query: for a sweep that checks many."""
    query = select(SendClaim.job, SendClaim.target, SendClaim.period).where(col(SendClaim.job).in_(jobs))
    return {SendKey(*row) for row in session.exec(query)}
