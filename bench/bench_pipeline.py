"""Throughput of the whole message pipeline against the classifier alone, on the same messages.

    python -m bench.bench_pipeline [--messages N] [--db URL]

Each message goes through what a real one does except the network: stored in the inbox,
sender and group resolved, classified, records and audit events and outbox rows written, all
in one transaction on a real database (SQLite in a temporary folder unless --db is given).
The baseline is `nlp.classify` on the same texts in the same run, so the ratio says how much
of a message's cost is the ledger rather than the language.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bench.bench_nlp import messages
from bot.demo import DEMO_ROSTER
from handlers.context import Deps
from handlers.pipeline import process
from handlers.templates import Templates
from nlp import classify
from storage import inbox
from storage.db import make_engine, migrate, session_scope
from storage.roster import import_roster

SPEAKERS = [
    ("秀英🌸", "李建国联户群"),
    ("张桂兰", "李建国联户群"),
    ("春梅", "赵春梅联户群"),
    ("李建国", "李建国联户群"),
]


def pipeline_rate(texts: list[str], url: str) -> float:
    engine = make_engine(url)
    migrate(engine)
    start_at = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    import_roster(engine, DEMO_ROSTER, today=start_at.date())
    clock = VirtualClock(start_at)
    deps = Deps(clock=clock, templates=Templates.load(), classify=classify)
    ids = itertools.count()
    began = time.perf_counter()
    for text, (sender, room) in zip(texts, itertools.cycle(SPEAKERS), strict=False):
        clock.set(clock.now() + timedelta(minutes=7))
        message = Incoming(f"b-{next(ids)}", f"c:{sender}", sender, text, clock.now(), f"r:{room}", room)
        with session_scope(engine) as session:
            row = inbox.store(session, message, clock.now())
            assert row is not None
            inbox.finish(row, process(session, deps, row, clock.now()), clock.now())
    elapsed = time.perf_counter() - began
    engine.dispose()
    return len(texts) / elapsed


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
        rate = pipeline_rate(texts, url)
    print(f"messages:            {len(texts)}")
    print(f"nlp.classify:        {baseline:,.0f} msg/s")
    print(f"whole pipeline:      {rate:,.0f} msg/s ({url.split(':')[0]})")
    print(f"pipeline / classify: {rate / baseline:.3f}")


if __name__ == "__main__":
    main()
