"""The scheduled-send ledger: claim (job, target, period) before sending, so nothing goes twice."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from storage.conflicts import insert_new
from storage.models import OutboxMessage, SendClaim

log = logging.getLogger(__name__)

KEY = ["job", "target", "period"]


@dataclass(frozen=True)
class SendKey:
    """What one scheduled send is: the job, whom it goes to, and the period it is for."""

    job: str
    target: str
    period: str


def claim(session: Session, job: str, target: str, period: str, now: datetime) -> SendClaim | None:
    """The new claim, or None when this send was already claimed (by this or another process)."""
    key = SendKey(job, target, period)
    return claim_all(session, [key], now).get(key)


def claim_all(session: Session, keys: Sequence[SendKey], now: datetime) -> dict[SendKey, SendClaim]:
    """The keys claimed now, each with its new claim; a key claimed before (by this or another
    process) is left out.

    One `INSERT … ON CONFLICT DO NOTHING` for them all, in the caller's transaction: atomic without
    a read-then-write race, and rolled back with the job if the job fails, so a claim never outlives
    its message. On PostgreSQL a concurrent claim of the same key waits for the other transaction
    and then inserts nothing.
    """
    if not keys:
        return {}
    statement = insert_new(session, SendClaim, KEY).returning(SendClaim)
    rows = [{"job": k.job, "target": k.target, "period": k.period, "claimed_at": now} for k in dict.fromkeys(keys)]
    return {SendKey(c.job, c.target, c.period): c for c in session.scalars(statement, rows)}


def claim_parts(session: Session, split_id: int, parts: list[OutboxMessage], now: datetime) -> None:
    """Claim each part of a split scheduled send under its key's period plus `#part/parts`.

    A part already claimed went out before and is dropped; a row sent by no job has no claim
    and its parts need none.
    """
    whole = session.exec(select(SendClaim).where(SendClaim.outbox_id == split_id)).first()
    if whole is None:
        return
    for number, part in enumerate(parts, 1):
        taken = claim(session, whole.job, whole.target, f"{whole.period}#{number}/{len(parts)}", now)
        if taken is None:
            log.warning("%s for %s (%s): part %s already sent", whole.job, whole.target, whole.period, number)
            session.delete(part)
        else:
            taken.outbox = part
