"""Sends what the outbox holds, through the transport, paced per room."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from base.clock import Clock
from base.messages import Attachment, Outgoing
from bot.pacing import Pacer
from bot.routing import AccountRouter
from bot.splitting import Label, numbered
from bot.transport import Transport
from storage import outbox, sends
from storage.db import session_scope
from storage.models import Group, OutboxMessage, Person

log = logging.getLogger(__name__)
BATCH = 100


class UnreachableError(Exception):
    """The addressee has no WeChat id yet and the transport cannot find one."""


class OutboxDispatcher:
    """Sends pending rows in order, each through the transport and pacer of its account; a
    process takes only the rows of the accounts it runs (`transports`). A text longer than
    `max_chars` first becomes numbered part rows (labelled by `label`), so a restart half-way
    sends only the parts not yet sent."""

    def __init__(
        self,
        engine: Engine,
        transports: Mapping[str, Transport],
        clock: Clock,
        pacers: Mapping[str, Pacer],
        holder: str,
        *,
        router: AccountRouter,
        max_chars: int,
        label: Label,
    ) -> None:
        if set(transports) != set(pacers):
            raise ValueError("each account needs its transport and its pacer")
        self._holder = holder
        self._max_chars = max_chars
        self._label = label
        self._engine = engine
        self._transports = dict(transports)
        self._clock = clock
        self._pacers = dict(pacers)
        self._router = router
        self._lock = asyncio.Lock()

    async def flush(self) -> int:
        """Send every pending message once; returns how many were sent."""
        async with self._lock:
            sent, tried = 0, set[int]()
            while True:
                with session_scope(self._engine) as session:
                    if self._router.route_pending(session):
                        session.commit()
                    pending = outbox.pending(session, self._transports, limit=BATCH)
                    batch = [row for row in pending if row.id not in tried]
                    if not batch:
                        return sent
                    for row in batch:
                        tried.add(row.id or 0)
                        if not outbox.take(session, row, self._holder, self._clock.now()):
                            continue
                        if self._split(session, row):
                            break  # its parts are pending now, in its place
                        sent += await self._send_one(session, row)
                        _commit_outcome(session, row)
                    else:
                        if len(pending) < BATCH:  # all there was; a row enqueued since comes with its own flush
                            return sent

    def _split(self, session: Session, row: OutboxMessage) -> bool:
        texts = numbered(row.text, self._max_chars, self._label)
        if len(texts) == 1:
            return False
        parts = outbox.split(session, row, texts)
        sends.claim_parts(session, row.id or 0, parts, self._clock.now())
        session.commit()
        log.info("outbox message %s split into %s parts", row.id, len(parts))
        return True

    async def _send_one(self, session: Session, row: OutboxMessage) -> int:
        account = row.account or ""
        transport, pacer = self._transports[account], self._pacers[account]
        try:
            message = replace(await self._address(session, row, transport), key=f"outbox:{row.id}")
            await pacer.wait_turn(message.room_id or message.to_id or "")
            await transport.say(message)
        except Exception as error:  # the transport's failures are many and all retryable
            log.warning("outbox message %s not sent through %s: %s", row.id, account, error)
            outbox.mark_failed_attempt(row, str(error))
            return 0
        pacer.record(message.room_id or message.to_id or "")
        outbox.mark_sent(row, self._clock.now())
        return 1

    async def _address(self, session: Session, row: OutboxMessage, transport: Transport) -> Outgoing:
        attachment = None
        if row.attachment_path is not None:
            attachment = Attachment(row.attachment_path, row.attachment_name or Path(row.attachment_path).name)
        if row.group_id is not None:
            found = [await self._contact_id(session, pid, transport) for pid in row.mention_ids]
            mentions = tuple(contact for contact in found if contact)
            room_id = await self._room_id(session, row.group_id, transport)
            return Outgoing(row.text, room_id=room_id, mentions=mentions, attachment=attachment)
        if row.person_id is not None:
            contact = await self._contact_id(session, row.person_id, transport)
            if contact is None:
                raise UnreachableError(f"person {row.person_id} has no WeChat contact")
            return Outgoing(row.text, to_id=contact, attachment=attachment)
        to_id = None if row.room_id else row.to_id
        return Outgoing(row.text, room_id=row.room_id, to_id=to_id, attachment=attachment)

    async def _room_id(self, session: Session, group_id: int, transport: Transport) -> str:
        group = session.get(Group, group_id)
        if group is None:
            raise UnreachableError(f"group {group_id} is gone")
        if group.room_id is None:
            group.room_id = await transport.find_room(group.name)
        if group.room_id is None:
            raise UnreachableError(f"room {group.name!r} not found")
        return group.room_id

    async def _contact_id(self, session: Session, person_id: int, transport: Transport) -> str | None:
        person = session.get(Person, person_id)
        if person is None:
            return None
        if person.wechat_id is None:
            person.wechat_id = await transport.find_contact(person.wechat_name)
        return person.wechat_id


def _commit_outcome(session: Session, row: OutboxMessage) -> None:
    """Commit what the send changed on `row`, if need be again in a fresh transaction.

    The send's transaction stays open across the network await, while another account's
    messages are stored. On SQLite (WAL) a transaction that read before another connection's
    commit cannot write: "database is locked", at once, whatever the busy timeout. The reply is
    out by then; unrecorded, it would be sent again when its row is abandoned. So the row's
    outcome is written again after a fresh read (a contact or room found on the way is simply
    looked up again next time).
    """
    outcome = {"state": row.state, "sent_at": row.sent_at, "attempts": row.attempts, "error": row.error}
    try:
        session.commit()
    except OperationalError as error:
        if "database is locked" not in str(error.orig):
            raise
        session.rollback()
        log.info("outbox message %s: its outcome written again after a concurrent commit", row.id)
        fresh = session.get(OutboxMessage, row.id)
        if fresh is None:
            return
        for name, value in outcome.items():
            setattr(fresh, name, value)
        session.commit()
