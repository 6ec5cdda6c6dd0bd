"""The middleware every stored message goes through: error apology, transaction, identity."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from handlers.context import Context
from handlers.identity import resolve_group, resolve_person
from handlers.pipeline.chain import Next, Turn
from storage import inbox, outbox
from storage.db import session_scope
from storage.enums import InboxState
from storage.models import InboxMessage, Organisation

log = logging.getLogger(__name__)


def apologise(turn: Turn, call_next: Next) -> InboxState | None:
    """An unexpected error parks the message with its error and tells the sender, instead of a stack trace.

    The transaction inside has rolled back what the message half-did. A lost database is not the
    message's fault: it propagates, and the runtime acts on the message once the database is back.
    """
    try:
        return call_next(turn)
    except OperationalError:
        raise
    except Exception as error:
        log.exception("message %s failed", turn.message_id)
        _mark_failed(turn, error)
        return InboxState.FAILED


def _mark_failed(turn: Turn, error: Exception) -> None:
    assert turn.engine is not None
    with session_scope(turn.engine) as session:
        row = session.get(InboxMessage, turn.message_id)
        if row is None:
            return
        now = turn.deps.clock.now()
        inbox.finish(row, InboxState.FAILED, now, repr(error))
        apology = turn.deps.templates.render("common.error")
        to_id = None if row.room_id else row.sender_id
        outbox.enqueue(session, now, apology, room_id=row.room_id, to_id=to_id, account=row.account)


def one_transaction(turn: Turn, call_next: Next) -> InboxState | None:
    """A message's effects and its new inbox state commit together, or not at all.

    The row lock keeps a second process sharing the database from acting on it too.
    """
    assert turn.engine is not None
    with session_scope(turn.engine) as session:
        row = session.get(InboxMessage, turn.message_id, with_for_update=True)
        if row is None or row.state != InboxState.RECEIVED:
            return None
        turn.session, turn.message, turn.now = session, row, turn.deps.clock.now()
        state = call_next(turn)
        if state is not None:
            inbox.finish(row, state, turn.now)
        return state


def identify(turn: Turn, call_next: Next) -> InboxState | None:
    """Which group, which person, which village: the `Context` every handler is given."""
    session, message, now = turn.session, turn.message, turn.now
    assert session is not None and message is not None and now is not None
    group = resolve_group(session, message)
    actor = resolve_person(session, message, group)
    owner = group or actor
    org = session.get(Organisation, owner.org_id) if owner else None
    turn.ctx = Context(session, turn.deps, message, now, actor, group, org)
    return call_next(turn)
