"""The web console's one-time login links and browser sessions, stored as SHA-256 hashes only.

The secrets themselves live in the secretary's WeChat message and browser cookie; a copy of
the database (a backup, a support dump) cannot be turned into a login.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session

from storage.models import ConsoleLogin, ConsoleSession

SECRET_BYTES = 32


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_login(session: Session, person_id: int, now: datetime, valid_for: timedelta) -> str:
    """A new one-time token for `person_id`; expired links are cleared on the way."""
    session.exec(delete(ConsoleLogin).where(ConsoleLogin.expires_at <= now))  # type: ignore[call-overload,arg-type]
    token = secrets.token_urlsafe(SECRET_BYTES)
    session.add(ConsoleLogin(token_hash=digest(token), person_id=person_id, created_at=now, expires_at=now + valid_for))
    session.flush()
    return token


def redeem_login(session: Session, token: str, now: datetime) -> int | None:
    """The person a valid, unused, unexpired token was issued to, marking it used; else None.

    One conditional UPDATE, so two browsers racing with the same link cannot both get in.
    """
    hashed = digest(token)
    result = session.exec(  # type: ignore[call-overload]
        update(ConsoleLogin)
        .where(
            ConsoleLogin.token_hash == hashed,  # type: ignore[arg-type]
            ConsoleLogin.used_at.is_(None),  # type: ignore[union-attr]
            ConsoleLogin.expires_at > now,  # type: ignore[arg-type,operator]
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    login = session.get(ConsoleLogin, hashed)
    return login.person_id if login else None


def open_session(session: Session, person_id: int, now: datetime, valid_for: timedelta) -> str:
    """A new session id for `person_id`'s browser; expired sessions are cleared on the way."""
    session.exec(delete(ConsoleSession).where(ConsoleSession.expires_at <= now))  # type: ignore[call-overload,arg-type]
    session_id = secrets.token_urlsafe(SECRET_BYTES)
    session.add(
        ConsoleSession(id_hash=digest(session_id), person_id=person_id, created_at=now, expires_at=now + valid_for)
    )
    session.flush()
    return session_id


def session_person_id(session: Session, session_id: str, now: datetime) -> int | None:
    """Whose browser this is, while the session is neither ended nor expired."""
    row = session.get(ConsoleSession, digest(session_id))
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    return row.person_id


def end_session(session: Session, session_id: str, now: datetime) -> None:
    row = session.get(ConsoleSession, digest(session_id))
    if row is not None and row.ended_at is None:
        row.ended_at = now
        session.add(row)
