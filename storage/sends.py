"""The scheduled-send ledger: claim (job, target, period) before sending, so nothing goes twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from storage.models import SendClaim

KEY = ["job", "target", "period"]


def claim(session: Session, job: str, target: str, period: str, now: datetime) -> SendClaim | None:
    """The new claim, or None when this send was already claimed (by this or another process).

    One `INSERT … ON CONFLICT DO NOTHING` in the caller's transaction: atomic without a
    read-then-write race, and rolled back with the job if the job fails, so a claim never
    outlives its message. On PostgreSQL a concurrent claim of the same key waits for the
    other transaction and then inserts nothing.
    """
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(SendClaim)
        .values(job=job, target=target, period=period, claimed_at=now)
        .on_conflict_do_nothing(index_elements=KEY)
        .returning(col(SendClaim.id))
    )
    claimed = session.execute(statement).scalar_one_or_none()
    return None if claimed is None else session.get(SendClaim, claimed)
