"""What the village harness sees now that it drives the real `Application`: the error path, the
inbox row's lock and deduplication by message id."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from handlers.pipeline import handle
from handlers.templates import Templates
from nlp import Classification
from storage import inbox
from storage.db import make_engine, migrate, session_scope
from storage.enums import InboxState
from storage.models import InboxMessage, OutboxMessage, Record
from tests.handlers.pipeline_harness import SPEAKERS, TIER2, Village

APOLOGY = Templates.load().render("common.error")
RESIDENT = SPEAKERS["resident"]
LAMP = "村口的路灯坏了三天了，晚上走路看不见"
DRAIN = "三组的排水沟堵了，下雨就淹到路上"


def _explode(text: str, sender_role: str | None) -> Classification:
    raise RuntimeError("boom")


def states(engine: Engine) -> dict[str, tuple[str, str | None]]:
    with Session(engine) as session:
        return {row.message_id: (row.state, row.error) for row in session.exec(select(InboxMessage))}


def record_texts(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(Record.text).order_by(col(Record.id))))


def outbox_texts(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage.text).order_by(col(OutboxMessage.id))))


async def test_a_handler_that_raises_gets_the_apology_is_parked_and_not_acted_on_again(engine: Engine) -> None:
    village = Village(engine)
    working = village.deps
    village.deps = replace(working, classify=_explode)
    assert village.say(RESIDENT, LAMP) == [APOLOGY]

    village.deps = working
    answer = village.say(RESIDENT, DRAIN)
    assert len(answer) == 1 and answer != [APOLOGY]
    failed_state, failed_error = states(engine)["t-1"]
    assert failed_state == InboxState.FAILED and "boom" in (failed_error or "")
    assert states(engine)["t-2"] == (InboxState.PROCESSED, None)
    assert record_texts(engine) == [DRAIN]  # the failed message's half-done work was rolled back

    await village.app.recover()  # what a restart (or the database coming back) runs
    assert [(m.text, m.room_id) for m in village.transport.sent] == [
        (APOLOGY, f"sim-room:{TIER2}"),
        (answer[0], f"sim-room:{TIER2}"),
    ]
    assert states(engine)["t-1"][0] == InboxState.FAILED
    assert record_texts(engine) == [DRAIN]
    assert outbox_texts(engine) == [APOLOGY, answer[0]]


def test_a_message_already_acted_on_is_not_acted_on_again(engine: Engine) -> None:
    village = Village(engine)
    answer = village.say(RESIDENT, LAMP)
    assert len(answer) == 1

    assert handle(engine, village.deps, "t-1") is None
    village.app.act("t-1")
    assert outbox_texts(engine) == answer
    assert record_texts(engine) == [LAMP]
    assert states(engine)["t-1"] == (InboxState.PROCESSED, None)


async def test_a_message_delivered_twice_is_answered_once(engine: Engine) -> None:
    village = Village(engine)
    message = village.message(RESIDENT, LAMP)
    answer = village.accept(message)
    assert len(answer) == 1
    assert village.accept(message) == []

    sent = await village.deliver(RESIDENT, DRAIN)  # sends what was pending too
    assert [m.text for m in sent] == outbox_texts(engine) and len(sent) == 2 and sent[0].text == answer[0]
    await village.app.receive(message)
    assert len(village.transport.sent) == 2
    assert record_texts(engine) == [LAMP, DRAIN]
    assert sorted(states(engine)) == ["t-1", "t-2"]


@pytest.mark.postgres
def test_two_processes_handling_one_message_at_once_act_on_it_once(postgres_url: str) -> None:
    """The second `handle` waits on the first one's row lock, then finds the message acted on."""
    engine = make_engine(postgres_url)
    migrate(engine)
    village = Village(engine)
    message = village.message(RESIDENT, LAMP)
    with session_scope(engine) as session:
        assert inbox.store(session, message, village.clock.now()) is not None
    classify, inside, go = village.deps.classify, threading.Event(), threading.Event()

    def held(text: str, sender_role: str | None) -> Classification:
        inside.set()
        assert go.wait(30)
        return classify(text, sender_role)

    deps = replace(village.deps, classify=held)
    results: list[InboxState | None] = []
    threads = [threading.Thread(target=lambda: results.append(handle(engine, deps, message.message_id))) for _ in "ab"]
    for thread in threads:
        thread.start()
    assert inside.wait(30)
    _until_a_connection_waits_for_a_lock(engine)
    go.set()
    for thread in threads:
        thread.join(30)

    assert len(results) == 2 and set(results) == {InboxState.PROCESSED, None}
    assert len(outbox_texts(engine)) == 1
    assert record_texts(engine) == [LAMP]
    engine.dispose()


def _until_a_connection_waits_for_a_lock(engine: Engine) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 30
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:  # a fresh view each time
        while not connection.execute(waiting).scalar():
            assert time.monotonic() < deadline, "the second handle never waited on the row lock"
