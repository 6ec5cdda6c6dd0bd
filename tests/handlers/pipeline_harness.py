"""Driving the real message pipeline in-process: a demo-village ledger and messages by name."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming, Media
from bot.demo import DEMO_ROSTER
from handlers.context import Deps
from handlers.pipeline import process
from handlers.templates import Templates
from nlp import classify
from storage import inbox
from storage.db import session_scope
from storage.models import OutboxMessage
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
SPEAKERS = {"secretary": "王志强", "hub": "刘宏伟", "member": "李建国", "resident": "秀英🌸", "unknown": "路人甲"}
TIER2 = "李建国联户群"


class Village:
    """The demo village on a real database; `say` runs one message through the pipeline."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.clock = VirtualClock(START)
        self.deps = Deps(clock=self.clock, templates=Templates.load(), classify=classify)
        self._ids = itertools.count(1)
        import_roster(engine, DEMO_ROSTER, today=START.date())

    def say(self, speaker: str, text: str, room: str | None = TIER2, media: Media | None = None) -> list[str]:
        """Process `text` from `speaker` (a WeChat name) and return what the bot answered."""
        self.clock.set(self.clock.now() + timedelta(seconds=1))
        message = Incoming(
            message_id=f"t-{next(self._ids)}",
            sender_id=f"sim-contact:{speaker}",
            sender_name=speaker,
            text=text,
            at=self.clock.now(),
            room_id=f"sim-room:{room}" if room else None,
            room_topic=room,
            media=media,
        )
        with session_scope(self.engine) as session:
            before = _outbox_size(session)
            row = inbox.store(session, message, self.clock.now(), self.deps.media)
            assert row is not None
            inbox.finish(row, process(session, self.deps, row, self.clock.now()), self.clock.now())
            session.flush()
            return [m.text for m in session.exec(select(OutboxMessage).offset(before))]


def _outbox_size(session: Session) -> int:
    return len(session.exec(select(OutboxMessage.id)).all())
