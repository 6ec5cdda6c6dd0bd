"""The outbox: what the bot decided to say, stored with its cause, sent afterwards."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from storage.enums import OutboxState
from storage.models import OutboxMessage

MAX_ATTEMPTS = 5
# A message taken for sending this long ago by a process that never finished is taken again.
ABANDONED_AFTER = timedelta(minutes=5)


def enqueue(
    session: Session,
    now: datetime,
    text: str,
    *,
    group_id: int | None = None,
    person_id: int | None = None,
    room_id: str | None = None,
    to_id: str | None = None,
    mention_ids: list[int] | None = None,
    account: str | None = None,
    attachment: tuple[str, str] | None = None,
) -> OutboxMessage:
    """Add one message to send to the session (the next flush stores it: a job enqueuing many sends
    them in one statement); `attachment` is a file's (path, shown name), sent after the text."""
    if not any((group_id, person_id, room_id, to_id)):
        raise ValueError("an outbox message needs an addressee")
    row = OutboxMessage(
        created_at=now,
        text=text,
        group_id=group_id,
        person_id=person_id,
        room_id=room_id,
        to_id=to_id,
        mention_ids=mention_ids or [],
        account=account,
        attachment_path=attachment[0] if attachment else None,
        attachment_name=attachment[1] if attachment else None,
    )
    session.add(row)
    return row


def pending(session: Session, accounts: Collection[str], limit: int = 100) -> list[OutboxMessage]:
    """What is still to send through `accounts`, in the order it was decided; a split row's parts in its place."""
    query = select(OutboxMessage).where(
        col(OutboxMessage.state).in_([OutboxState.PENDING, OutboxState.SENDING]),
        col(OutboxMessage.account).in_(list(accounts)),
    )
    order = func.coalesce(col(OutboxMessage.part_of), col(OutboxMessage.id))
    return list(session.exec(query.order_by(order, col(OutboxMessage.id)).limit(limit)))


def unrouted(session: Session, limit: int = 500) -> list[OutboxMessage]:
    """Pending rows no account has been chosen for yet."""
    query = select(OutboxMessage).where(
        OutboxMessage.state == OutboxState.PENDING, col(OutboxMessage.account).is_(None)
    )
    return list(session.exec(query.order_by(col(OutboxMessage.id)).limit(limit)))


def split(session: Session, row: OutboxMessage, texts: list[str]) -> list[OutboxMessage]:
    """Replace `row` by one pending row per text, to the same addressee; mentions on the first, a file on the last."""
    parts = [
        OutboxMessage(
            created_at=row.created_at,
            text=text,
            group_id=row.group_id,
            person_id=row.person_id,
            room_id=row.room_id,
            to_id=row.to_id,
            mention_ids=row.mention_ids if number == 0 else [],
            account=row.account,
            attachment_path=row.attachment_path if number == len(texts) - 1 else None,
            attachment_name=row.attachment_name if number == len(texts) - 1 else None,
            part_of=row.id,
        )
        for number, text in enumerate(texts)
    ]
    session.add_all(parts)
    row.state = OutboxState.SPLIT
    row.taken_by = None
    session.flush()
    return parts


def take(session: Session, row: OutboxMessage, holder: str, now: datetime) -> bool:
    """Atomically mark `row` as being sent by `holder`; False if another process has it."""
    result = session.exec(  # type: ignore[call-overload]
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row.id,  # type: ignore[arg-type]
            (OutboxMessage.state == OutboxState.PENDING)  # type: ignore[arg-type]
            | ((OutboxMessage.state == OutboxState.SENDING) & (OutboxMessage.taken_at < now - ABANDONED_AFTER)),  # type: ignore[arg-type,operator]
        )
        .values(state=OutboxState.SENDING, taken_by=holder, taken_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        return False
    session.refresh(row)
    return True


def pending_count(session: Session) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    return session.exec(query.where(OutboxMessage.state == OutboxState.PENDING)).one()


def mark_sent(row: OutboxMessage, now: datetime) -> None:
    row.state = OutboxState.SENT
    row.sent_at = now


def mark_failed_attempt(row: OutboxMessage, error: str) -> None:
    """Count a failed attempt; after MAX_ATTEMPTS the message is parked as failed."""
    row.attempts += 1
    row.error = error[:500]
    row.state = OutboxState.FAILED if row.attempts >= MAX_ATTEMPTS else OutboxState.PENDING
