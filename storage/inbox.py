"""The inbox: incoming messages are stored, deduplicated by id, before anything acts on them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.transport import Incoming
from storage.enums import InboxState
from storage.models import InboxMessage


def store(session: Session, incoming: Incoming, now: datetime) -> InboxMessage | None:
    """Insert the message; None when this id was seen before (a redelivery)."""
    if session.get(InboxMessage, incoming.message_id) is not None:
        return None
    row = InboxMessage(**asdict(incoming) | {"mentions": list(incoming.mentions), "received_at": now})
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    return row


def unprocessed(session: Session) -> list[InboxMessage]:
    """Messages stored but not yet acted on (a crash came between), oldest first."""
    query = select(InboxMessage).where(InboxMessage.state == InboxState.RECEIVED)
    return list(session.exec(query.order_by(col(InboxMessage.received_at), col(InboxMessage.at))))


def finish(row: InboxMessage, state: InboxState, now: datetime, error: str | None = None) -> None:
    row.state = state
    row.processed_at = now
    row.error = error
