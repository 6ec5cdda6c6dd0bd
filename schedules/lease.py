"""One process runs the jobs: a lease row with an expiry, taken and renewed atomically.

A plain row works the same on SQLite and PostgreSQL; when its holder dies, the lease
expires and the next process to ask takes it over.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models import Lease

JOBS_LEASE = "jobs"


def hold(engine: Engine, holder: str, now: datetime, ttl: timedelta, name: str = JOBS_LEASE) -> bool:
    """Take or renew the lease; False while another live holder has it."""
    with Session(engine) as session:
        renewed = session.exec(  # type: ignore[call-overload]
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))  # type: ignore[arg-type]
            .values(holder=holder, expires_at=now + ttl)
        )
        if renewed.rowcount == 1:
            session.commit()
            return True
        if session.get(Lease, name) is not None:
            return False
        session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        try:
            session.commit()
        except IntegrityError:
            return False
        return True


def release(engine: Engine, holder: str, name: str = JOBS_LEASE) -> None:
    with Session(engine) as session:
        lease = session.get(Lease, name)
        if lease is not None and lease.holder == holder:
            session.delete(lease)
            session.commit()


def expiry(engine: Engine, name: str = JOBS_LEASE) -> datetime | None:
    """When the current lease runs out; None when nobody holds it."""
    with Session(engine) as session:
        lease = session.get(Lease, name)
        return lease.expires_at if lease is not None else None
