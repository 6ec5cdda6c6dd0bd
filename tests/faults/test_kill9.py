"""kill -9 at random points of a month in the demo village: nothing lost, nothing sent twice
(beyond the at-least-once window), and the ledger as if nothing had happened.

A real bot subprocess (`lianhu replay -`: the ApplicationBuilder's application, its outbox and
its leased virtual-clock scheduler) on a file database plays the stream one step at a time. The
test kills it at seeded random steps, a random few milliseconds into the step, restarts it on
the same database and sends the unacknowledged step again, as WeChat delivers a message again.

LIANHU_FAULT_MESSAGES (default 2000, on both backends; LIANHU_FAULT_PG_MESSAGES overrides it for
PostgreSQL alone), LIANHU_FAULT_KILLS (default 6) and LIANHU_FAULT_SEED (default 7) make bigger
local runs.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.demo import DEMO_ROSTER
from storage.db import make_engine
from tests.conftest import _postgres_database
from tests.faults.botproc import BotProcess
from tests.faults.ledger import Sends, by_kind, ledger_figures, read_sends, record_id_gaps, unfinished_messages
from tests.faults.stream import month_of_messages

MESSAGES = int(os.environ.get("LIANHU_FAULT_MESSAGES", "2000"))
PG_MESSAGES = int(os.environ.get("LIANHU_FAULT_PG_MESSAGES", str(MESSAGES)))
KILLS = int(os.environ.get("LIANHU_FAULT_KILLS", "6"))
SEED = int(os.environ.get("LIANHU_FAULT_SEED", "7"))
# A kill -9 loses nothing the kernel already has, so a RAM-backed folder tests the same thing as
# a disk, without SQLite's fsync on every commit (2 ms each, most of a run's time).
SHM = Path("/dev/shm")


@dataclass
class Run:
    figures: dict[str, object]
    unfinished: list[str]
    sends: Sends
    gaps: list[int]
    kills: int
    seconds: float


def play(db_url: str, workdir: Path, steps: list[dict[str, object]], kill_at: set[int], rng: random.Random) -> Run:
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    bot = BotProcess(db_url, workdir)
    bot.start()
    setups: list[dict[str, object]] = [{"at": steps[0]["at"]}, {"roster": str(DEMO_ROSTER)}]
    for setup in setups:
        bot.send(setup)
        bot.acknowledged()
    killed: set[int] = set()
    n = 0
    while n < len(steps):
        bot.send(steps[n])
        if n in kill_at:
            kill_at = kill_at - {n}
            time.sleep(rng.uniform(0, 0.05))  # somewhere inside the step: not a wait for a schedule
            bot.kill()
            killed.add(bot.boots)
            bot.start()  # at once, where the dead bot's time stood, not at the next step's time
            bot.send({"at": steps[max(n - 1, 0)]["at"]})
            bot.acknowledged()
            continue  # the same step again: WeChat delivers what the dead bot may not have taken
        bot.acknowledged()
        n += 1
    bot.finish()
    engine: Engine = make_engine(db_url)
    try:
        ids = [str(step["id"]) for step in steps]
        return Run(
            ledger_figures(engine),
            unfinished_messages(engine, ids),
            read_sends(bot.sent_log, killed),
            record_id_gaps(engine),
            len(killed),
            time.monotonic() - started,
        )
    finally:
        engine.dispose()


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    if not SHM.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="lianhu-faults-", dir=SHM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def databases(request: pytest.FixtureRequest, workdir: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases on one backend: for the uninterrupted run and the killed one."""
    if request.param == "sqlite":
        yield f"sqlite:///{workdir / 'calm.db'}", f"sqlite:///{workdir / 'killed.db'}"
        return
    calm, killed = _postgres_database(), _postgres_database()
    try:
        yield next(calm), next(killed)
    finally:
        for database in (calm, killed):
            next(database, None)  # past its yield: the database is dropped


def test_kill_nine_at_random_points_loses_and_repeats_nothing(databases: tuple[str, str], workdir: Path) -> None:
    steps = month_of_messages(MESSAGES if databases[0].startswith("sqlite") else PG_MESSAGES, SEED)
    rng = random.Random(SEED)
    kill_at = set(rng.sample(range(1, len(steps)), KILLS))

    with ThreadPoolExecutor(1) as pool:  # the uninterrupted run beside the killed one, in parallel
        calm_run = pool.submit(play, databases[0], workdir / "calm", steps, set(), rng)
        killed = play(databases[1], workdir / "killed", steps, kill_at, rng)
        calm = calm_run.result()

    print(
        f"\nfault suite: {len(steps)} messages, {killed.kills} kills, {len(killed.unfinished)} lost, "
        f"{len(killed.sends.duplicated)} duplicated, {len(killed.sends.at_least_once)} at-least-once resends, "
        f"{killed.sends.total} sends, record numbers skipped {killed.gaps}; "
        f"{calm.seconds:.1f} s calm, {killed.seconds:.1f} s killed"
    )
    assert killed.kills >= min(KILLS, 5) and KILLS >= 5
    assert calm.unfinished == [] and killed.unfinished == []
    assert calm.sends.duplicated == calm.sends.at_least_once == []
    assert killed.sends.duplicated == []
    assert calm.gaps == []
    assert by_kind(killed.figures) == by_kind(calm.figures)
    assert killed.figures["visits"] == calm.figures["visits"]
    if killed.gaps:  # PostgreSQL only: the same records, but the stream's `#N` named other ones
        assert databases[0].startswith("postgresql")
        print("record numbers shifted:", differences(calm.figures, killed.figures))
    else:
        assert killed.figures == calm.figures, differences(calm.figures, killed.figures)


def differences(calm: dict[str, object], killed: dict[str, object]) -> dict[str, tuple[object, object]]:
    """Per differing figure: what only the calm run has, and what only the killed run has."""
    found: dict[str, tuple[object, object]] = {}
    for name in calm:
        if calm[name] != killed[name]:
            mine, theirs = calm[name], killed[name]
            if isinstance(mine, list) and isinstance(theirs, list):
                found[name] = ([x for x in mine if x not in theirs], [x for x in theirs if x not in mine])
            else:
                found[name] = (mine, theirs)
    return found
