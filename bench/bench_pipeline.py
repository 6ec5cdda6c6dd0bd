"""Throughput of the whole message pipeline against the classifier alone, on the same messages.

    python -m bench.bench_pipeline [--messages N] [--db URL]

Each message goes through what a real one does except the network (`Application.accept`):
stored in the inbox, then under its row's lock sender and group resolved, classified, records
and audit events and outbox rows written in one transaction, on a real database (SQLite in a
temporary folder unless --db is given).
The baseline is `nlp.classify` on the same texts in the same run, so the ratio says how much
of a message's cost is the ledger rather than the language.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bench.bench_nlp import messages
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from nlp import classify
from storage.db import make_engine, migrate
from storage.roster import import_roster

SPEAKERS = [
    ("秀英🌸", "李建国联户群"),
    ("张桂兰", "李建国联户群"),
    ("春梅", "赵春梅联户群"),
    ("李建国", "李建国联户群"),
]


@dataclass(frozen=True)
class Speaker:
    """Who writes, and in which room: ids as the transport gives them."""

    sender_id: str
    sender_name: str
    room_id: str | None
    room_topic: str | None


DEMO_SPEAKERS = [Speaker(f"c:{sender}", sender, f"r:{room}", room) for sender, room in SPEAKERS]


def run_messages(engine: Engine, clock: VirtualClock, texts: list[str], speakers: list[Speaker]) -> list[float]:
    """Each text taken in by the bot as built for `lianhu run`, 7 minutes apart; the seconds each took."""
    took = []
    with tempfile.TemporaryDirectory() as var_dir:
        settings = Settings(var_dir=Path(var_dir), web_port=0)
        builder = ApplicationBuilder().settings(settings).engine(engine).transport(SimulatedTransport())
        app = builder.clock(clock, virtual=True).build()
        for text, speaker in zip(texts, itertools.cycle(speakers), strict=False):
            clock.set(clock.now() + timedelta(minutes=7))
            message = Incoming(
                f"b-{uuid.uuid4().hex}",
                speaker.sender_id,
                speaker.sender_name,
                text,
                clock.now(),
                speaker.room_id,
                speaker.room_topic,
            )
            began = time.perf_counter()
            assert app.accept(message)
            took.append(time.perf_counter() - began)
    return took


def percentile(values: list[float], share: float) -> float:
    """The value `share` of `values` lie at or below (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def pipeline_times(texts: list[str], url: str) -> list[float]:
    engine = make_engine(url)
    migrate(engine)
    start_at = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    import_roster(engine, DEMO_ROSTER, today=start_at.date())
    took = run_messages(engine, VirtualClock(start_at), texts, DEMO_SPEAKERS)
    engine.dispose()
    return took


def classify_rate(texts: list[str]) -> float:
    began = time.perf_counter()
    for text in texts:
        classify(text, "household")
    return len(texts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    texts = messages(args.messages)
    classify("")
    baseline = classify_rate(texts)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        took = pipeline_times(texts, url)
    rate = len(took) / sum(took)
    print(f"messages:            {len(texts)}")
    print(f"nlp.classify:        {baseline:,.0f} msg/s")
    print(f"whole pipeline:      {rate:,.0f} msg/s ({url.split(':')[0]})")
    print(f"per message:         p50 {percentile(took, 0.5) * 1000:.1f} ms, p99 {percentile(took, 0.99) * 1000:.1f} ms")
    print(f"pipeline / classify: {rate / baseline:.3f}")


if __name__ == "__main__":
    main()
