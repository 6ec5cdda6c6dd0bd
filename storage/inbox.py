"""The inbox: incoming messages are stored, deduplicated by id, before anything acts on them."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from base.messages import Incoming
from storage.conflicts import insert_new
from storage.enums import InboxState
from storage.models import InboxMessage

if TYPE_CHECKING:
    from storage.media import MediaStore


def store(session: Session, incoming: Incoming, now: datetime, media: MediaStore | None = None) -> InboxMessage | None:
    """Insert the message, and keep its photo, voice or file in `media`; None when this id was seen before."""
    kept = [f.name for f in fields(incoming) if f.name not in ("media", "skipped")]
    columns: dict[str, Any] = {name: _storable(getattr(incoming, name)) for name in kept}
    mentions = [_storable(name) for name in incoming.mentions]
    values = columns | {"mentions": mentions, "received_at": now}
    statement = insert_new(session, InboxMessage, ["message_id"]).values(**values).returning(InboxMessage)
    row = session.scalars(statement).first()
    if row is None:
        return None
    if incoming.media is not None:
        if media is None:
            raise ValueError("a message with media needs a media store")
        media.keep(session, row.message_id, incoming.media, now)
    return row


def _storable(value: object) -> object:
    """NUL characters carry nothing a person wrote, and PostgreSQL text cannot hold them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def unprocessed(session: Session) -> list[InboxMessage]:
    """Messages stored but not yet acted on (a crash came between), oldest first."""
    query = select(InboxMessage).where(InboxMessage.state == InboxState.RECEIVED)
    return list(session.exec(query.order_by(col(InboxMessage.received_at), col(InboxMessage.at))))


def finish(row: InboxMessage, state: InboxState, now: datetime, error: str | None = None) -> None:
    row.state = state
    row.processed_at = now
    row.error = error
