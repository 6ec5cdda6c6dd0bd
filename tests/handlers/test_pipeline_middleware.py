"""The middleware around one stored message: apology outside the transaction, identity inside it."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bot.demo import DEMO_ROSTER
from handlers.context import Context, Deps
from handlers.intake.matter import Matter
from handlers.intake.new_record import new_record
from handlers.intake.registry import INTAKE, Priority
from handlers.pipeline import MIDDLEWARE, handle
from handlers.pipeline.chain import Chain, Middleware, Next, Turn
from handlers.pipeline.dispatch import dispatch
from handlers.templates import Templates
from nlp import classify
from storage import inbox
from storage.db import session_scope
from storage.enums import InboxState
from storage.models import InboxMessage, OutboxMessage, Record, RecordEvent
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
APOLOGY = Templates.load().render("common.error")


@pytest.fixture
def deps(engine: Engine) -> Deps:
    import_roster(engine, DEMO_ROSTER, today=START.date())
    return Deps(clock=VirtualClock(START), templates=Templates.load(), classify=classify)


def stored(engine: Engine, text: str = "村口的路灯坏了三天了，晚上走路看不见", message_id: str = "m-1") -> str:
    incoming = Incoming(
        message_id=message_id,
        sender_id="sim-contact:秀英🌸",
        sender_name="秀英🌸",
        text=text,
        at=START,
        room_id="sim-room:李建国联户群",
        room_topic="李建国联户群",
    )
    with session_scope(engine) as session:
        assert inbox.store(session, incoming, START) is not None
    return message_id


def test_middleware_wraps_outermost_first_around_the_endpoint() -> None:
    events: list[str] = []

    def layer(name: str) -> Middleware:
        def middleware(turn: Turn, call_next: Next) -> InboxState | None:
            events.append(f"{name} in")
            state = call_next(turn)
            events.append(f"{name} out")
            return state

        return middleware

    def endpoint(turn: Turn) -> InboxState:
        events.append("endpoint")
        return InboxState.PROCESSED

    outer, inner = layer("outer"), layer("inner")
    chain = Chain([outer, inner], endpoint)
    turn = Turn(deps=None, message_id="m-1")  # type: ignore[arg-type]

    assert chain(turn) == InboxState.PROCESSED
    assert events == ["outer in", "inner in", "endpoint", "inner out", "outer out"]


def test_what_runs_inside_the_middleware_has_the_locked_row_and_the_sender(engine: Engine, deps: Deps) -> None:
    seen: list[tuple[bool, str, str | None, str | None]] = []

    def probe(turn: Turn, call_next: Next) -> InboxState | None:
        assert turn.session is not None and turn.message is not None
        ctx = turn.context
        actor, group = ctx.actor.name if ctx.actor else None, ctx.group.name if ctx.group else None
        seen.append((turn.session.in_transaction(), turn.message.state, actor, group))
        return call_next(turn)

    message_id = stored(engine)
    assert Chain((*MIDDLEWARE, probe), dispatch)(Turn(deps, message_id, engine=engine)) == InboxState.PROCESSED

    assert seen == [(True, InboxState.RECEIVED, "王秀英", "李建国联户群")]
    with Session(engine) as session:
        assert session.get(InboxMessage, message_id).state == InboxState.PROCESSED  # type: ignore[union-attr]
        assert len(session.exec(select(Record)).all()) == 1


def test_a_message_acted_on_already_is_left_alone(engine: Engine, deps: Deps) -> None:
    message_id = stored(engine)
    assert handle(engine, deps, message_id) == InboxState.PROCESSED
    assert handle(engine, deps, message_id) is None
    assert handle(engine, deps, "never-stored") is None
    with Session(engine) as session:
        assert len(session.exec(select(Record)).all()) == 1


def test_a_handler_that_breaks_halfway_is_rolled_back_apologised_for_and_parked(
    engine: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    half_written: list[int | None] = []

    def opens_then_breaks(ctx: Context, matter: Matter) -> bool:
        assert new_record(ctx, matter)
        ctx.session.flush()
        half_written.append(ctx.session.exec(select(Record)).one().id)
        raise RuntimeError("boom")

    monkeypatch.setattr(INTAKE, "handlers", INTAKE.handlers)  # restored after the test
    INTAKE.register(opens_then_breaks, Priority.NEW_RECORD - 1)
    message_id = stored(engine)

    with caplog.at_level(logging.ERROR):
        assert handle(engine, deps, message_id) == InboxState.FAILED

    assert half_written and half_written[0] is not None
    with Session(engine) as session:
        row = session.get(InboxMessage, message_id)
        assert row is not None and row.state == InboxState.FAILED and "boom" in (row.error or "")
        assert session.exec(select(Record)).all() == []
        assert session.exec(select(RecordEvent)).all() == []
        sent = session.exec(select(OutboxMessage)).all()
        assert [(m.text, m.room_id) for m in sent] == [(APOLOGY, "sim-room:李建国联户群")]
    assert any(f"message {message_id} failed" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_lost_database_is_not_apologised_for_and_the_message_waits(engine: Engine, deps: Deps) -> None:
    def database_gone(turn: Turn, call_next: Next) -> InboxState | None:
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    message_id = stored(engine)
    with pytest.raises(OperationalError):
        Chain((*MIDDLEWARE, database_gone), dispatch)(Turn(deps, message_id, engine=engine))

    with Session(engine) as session:
        assert session.get(InboxMessage, message_id).state == InboxState.RECEIVED  # type: ignore[union-attr]
        assert session.exec(select(OutboxMessage)).all() == []
    assert handle(engine, deps, message_id) == InboxState.PROCESSED
