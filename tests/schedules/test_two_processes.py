"""Two bot processes on one database: every job runs in exactly one of them, and when that one
dies the other takes over within the lease time, sending what is due exactly once; both take
messages, and a message both are given is acted on once.

Each process has its own engine, instance id, virtual clock, transport and event loop (in its
own thread). No test here waits on the wall clock: time only moves when a test advances it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections import Counter
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

import pytest
from sqlmodel import Session, select

from schedules.spec import JobContext, JobSpec, OutsideContext
from storage import outbox as outbox_rows
from storage.db import make_engine
from storage.enums import InboxState
from storage.models import InboxMessage, OutboxMessage, Record, SendClaim
from tests.schedules.world import World, at

T = TypeVar("T")
TIER1, TIER2 = "幸福村党员群", "李建国联户群"
LEASE = timedelta(seconds=60)


class Process:
    """One bot process: a World driven on an event loop of its own, in a thread of its own."""

    def __init__(self, url: str, name: str, start: datetime, fired: list[tuple[str, str, datetime, datetime]]) -> None:
        self.name = name
        self.world = World(url, start, instance_id=name, lease_seconds=int(LEASE.total_seconds()))
        self._fired = fired
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.submit(coro).result(timeout=120)  # a guard against a hang, not a wait on time

    def boot(self, roster: bool = False) -> None:
        self.call(self.world.boot(roster=roster))
        runner = self.world.scheduler.runner
        runner.specs = [self._recorded(spec) for spec in runner.specs]

    def _recorded(self, spec: JobSpec) -> JobSpec:
        """The spec, noting in `fired` which process ran it for which fire time."""

        def run(ctx: JobContext) -> None:
            self._fired.append((self.name, spec.id, ctx.due, ctx.now))
            if spec.run is not None:
                spec.run(ctx)

        async def outside(ctx: OutsideContext) -> None:
            assert spec.run_outside is not None
            await spec.run_outside(ctx)

        return dataclasses.replace(spec, run=run, run_outside=outside if spec.run_outside else None)

    def advance(self, when: str) -> None:
        self.call(self.world.advance(when))

    @property
    def holding(self) -> bool:
        return self.world.scheduler.runner.holding

    def kill(self) -> None:
        """Die without a word: no lease released, nothing flushed, the loop simply stops."""
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        assert self.world.app is not None
        self.world.app.engine.dispose()

    def close(self) -> None:
        if self._loop.is_running():
            self.call(self.world.stop())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


def together(processes: list[Process], step: Callable[[Process], Coroutine[Any, Any, None]]) -> None:
    """Run one step in every process at the same time (truly concurrently, on the shared database)."""
    futures = [p.submit(step(p)) for p in processes]
    for future in futures:
        future.result(timeout=120)


def advancing_to(at: datetime) -> Callable[[Process], Coroutine[Any, Any, None]]:
    """The step that advances a process's virtual clock to `at`."""
    return lambda process: process.world.advance(at)


def sent(*processes: Process, fragment: str) -> list[tuple[str, str | None, datetime]]:
    return [(s.by, s.to or s.room, s.at) for p in processes for s in p.world.containing(fragment)]


async def _dies_before_sending() -> int:
    return 0


@pytest.mark.postgres
def test_jobs_run_in_one_process_and_the_other_takes_over(postgres_url: str) -> None:
    fired: list[tuple[str, str, datetime, datetime]] = []
    a = Process(postgres_url, "bot-a", at("2026-03-01T08:00"), fired)
    b = Process(postgres_url, "bot-b", at("2026-03-01T08:00"), fired)
    try:
        a.boot(roster=True)
        b.boot()
        assert a.holding and not b.holding
        a.call(a.world.say("王志强", "/主题党日 设置 每月4日 19:30 主题：学习党章", TIER1))
        # Both alive: each step moves A, then B, to the same moment (A heartbeats up to it first).
        for moment in ("2026-03-01T08:30", "2026-03-01T09:00:30", "2026-03-01T10:00", "2026-03-02T09:59"):
            a.advance(moment)
            b.advance(moment)
            assert a.holding and not b.holding
            if moment.endswith("10:00"):  # either process takes messages
                b.call(b.world.say("秀英🌸", "村口路灯坏了好几天了，晚上很黑", TIER2))
        assert {by for by, *_ in fired} == {"bot-a"}
        assert len(sent(a, b, fragment="2026年3月走访提醒")) == 6
        # A claims and stores the hub's reminder at 10:00, then dies before sending it.
        assert a.world.app is not None
        a.world.app.dispatcher.flush = _dies_before_sending  # type: ignore[method-assign]
        a.advance("2026-03-02T10:00:10")
        a.kill()
        b.advance("2026-03-02T10:00:40")
        assert not b.holding  # A's lease runs to 10:01:10
        b.advance("2026-03-02T10:01:30")  # within the lease plus one heartbeat (a third of it)
        assert b.holding
        b.advance("2026-03-04T20:00")
    finally:
        a.close() if a._loop.is_running() else None
        b.close()

    runs = Counter((job, due) for _, job, due, _ in fired)
    assert all(n == 1 for n in runs.values()), [key for key, n in runs.items() if n > 1]
    killed_at, lease_out = at("2026-03-02T10:00:10"), at("2026-03-02T10:01:10")
    assert all(now <= killed_at for by, _, _, now in fired if by == "bot-a")
    assert all(now > lease_out for by, _, _, now in fired if by == "bot-b")

    assert sent(a, b, fragment="⏰ 超时提醒 #1") == [("bot-b", "刘宏伟", at("2026-03-02T10:01:30"))]
    assert [(by, where) for by, where, _ in sent(a, b, fragment="主题党日预告：3月4日")] == [("bot-a", TIER1)]
    morning = sent(a, b, fragment="今天 19:30 召开主题党日")
    assert [(by, when) for by, _, when in morning] == [("bot-b", at("2026-03-04T08:00"))]
    digest = sent(a, b, fragment="主题党日·民情办理进度")
    assert [(by, when) for by, _, when in digest] == [("bot-b", at("2026-03-04T19:30"))]
    every = [(s.to, s.room, s.text) for p in (a, b) for s in p.world.sent]
    assert len(every) == len(set(every))


@pytest.mark.postgres
def test_concurrent_processes_around_a_due_time(postgres_url: str) -> None:
    fired: list[tuple[str, str, datetime, datetime]] = []
    start = at("2026-03-01T08:59")
    a = Process(postgres_url, "bot-a", start, fired)
    b = Process(postgres_url, "bot-b", start, fired)
    both = [a, b]
    try:
        a.boot(roster=True)
        b.boot()
        for second in range(10, 130, 10):  # both at once, ten virtual seconds at a time
            together(both, advancing_to(start + timedelta(seconds=second)))
        assert a.holding and not b.holding
        a.kill()
        died = start + timedelta(seconds=120)
        for second in range(130, 250, 10):
            b.advance((start + timedelta(seconds=second)).isoformat())
            if b.holding:
                break
        assert b.holding and b.world.clock.now() <= died + LEASE + LEASE / 3
    finally:
        a.close() if a._loop.is_running() else None
        b.close()
    runs = Counter((job, due) for _, job, due, _ in fired)
    assert all(n == 1 for n in runs.values())
    assert all(by == "bot-a" for by, _, _, now in fired if now <= start + timedelta(seconds=120))
    assert sorted(to for _, to, _ in sent(a, b, fragment="2026年3月走访提醒")) == sorted(
        ["李建国", "春梅", "孙立军", "周海燕", "永刚", "郑丽娟"]
    )


GRIEVANCES = [
    ("秀英🌸", "村口路灯坏了好几天了，晚上很黑", "李建国联户群"),
    ("小燕子", "我家的低保补助这个月还没到账", "赵春梅联户群"),
    ("老马", "垃圾桶好几天没人清运了，味道很大", "赵春梅联户群"),
    ("平安是福", "门口那段路坑坑洼洼的，下雨全是积水", "孙立军联户群"),
    ("阳光彩霞", "自来水这两天发黄，不敢喝", "郑丽娟联户群"),
    ("王志强", "/统计", "幸福村党员群"),
    ("李建国", "今天走访了张桂兰家，身体还好", "李建国联户群"),
]


def test_both_take_messages_none_acted_on_twice_and_no_job_sends_twice(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both processes get messages of their own and, at the same moment, the same messages (one
    WeChat account seen by two bots); they advance through the days together, two virtual hours
    a step. Their virtual clocks then disagree within a step, as real ones never do, so the lease
    may pass to and fro and a job run in both (the tests above keep one runner, in small steps):
    the send ledger must still let no scheduled send go twice. Several processes are a PostgreSQL
    deployment: SQLite serves one process (README, "Deploying for a county").

    An outbox row being sent counts as abandoned (its sender dead) once it has been "sending" for
    five minutes by the clock of whoever looks; with clocks two hours apart the other process would
    take a row still in flight, which is the sender-died path, not this test's: the window is made
    longer than a step here."""
    monkeypatch.setattr(outbox_rows, "ABANDONED_AFTER", timedelta(hours=3))
    db_url = postgres_url
    fired: list[tuple[str, str, datetime, datetime]] = []
    start = at("2026-03-01T08:00")
    a = Process(db_url, "bot-a", start, fired)
    b = Process(db_url, "bot-b", start, fired)
    both = [a, b]
    ids: list[str] = []
    try:
        a.boot(roster=True)
        b.boot()
        for n in range(3):
            for i, (sender, text, room) in enumerate(GRIEVANCES):
                shared = f"shared-{n}-{i}"
                ids.append(shared)
                together(both, partial(_inject, sender=sender, text=text, room=room, ids={"": shared}))
                own = {p.name: f"{p.name}-{n}-{i}" for p in both}
                ids.extend(own.values())
                together(both, partial(_inject, sender=sender, text=text + "！", room=room, ids=own))
            for minutes in range(0, 24 * 60 + 1, 120):
                together(both, partial(_advance, when=start + timedelta(days=n, minutes=minutes)))
    finally:
        a.close()
        b.close()

    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            inbox = {row.message_id: row.state for row in session.exec(select(InboxMessage))}
            sources = Counter(r.source_message_id for r in session.exec(select(Record)))
            outbox = len(session.exec(select(OutboxMessage.id)).all())
            claimed = [c.outbox_id for c in session.exec(select(SendClaim)) if c.outbox_id is not None]
    finally:
        engine.dispose()
    assert sorted(inbox) == sorted(ids)
    assert set(inbox.values()) <= {InboxState.PROCESSED, InboxState.IGNORED}
    assert sources and all(n == 1 for n in sources.values())
    every = [s for p in both for s in p.world.sent]
    assert {s.by for s in every} == {"bot-a", "bot-b"}
    keys = Counter(s.key for s in every)
    assert len(keys) == len(every) == outbox, [key for key, n in keys.items() if n > 1]
    assert fired
    assert claimed and all(keys[f"outbox:{outbox_id}"] == 1 for outbox_id in claimed)
    assert len([s for s in every if "2026年3月走访提醒" in s.text]) == 6


async def _inject(process: Process, *, sender: str, text: str, room: str, ids: dict[str, str]) -> None:
    """`ids`: the message id by process name, or under "" the id both get."""
    world = process.world
    message_id = ids.get(process.name) or ids[""]
    await world.transport.inject(sender, text, world.clock.now(), room, message_id=message_id)


async def _advance(process: Process, *, when: datetime) -> None:
    await process.world.advance(when)
