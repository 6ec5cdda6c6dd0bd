"""The scheduled-send ledger: claim (job, target, period) before sending, so nothing goes twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.models import SendClaim


def claim(session: Session, job: str, target: str, period: str, now: datetime) -> SendClaim | None:
    """The new claim, or None when this send was already claimed (by this or another process)."""
    existing = session.exec(
        select(SendClaim).where(SendClaim.job == job, SendClaim.target == target, SendClaim.period == period)
    ).first()
    if existing is not None:
        return None
    row = SendClaim(job=job, target=target, period=period, claimed_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row
