"""County-size benchmarks: roster import and re-import, the month-start reminder plan, the bot's memory.

    python -m bench.county.roster [--scale 1.0] [--db URL] [--seed 12]

Generates a seeded county (`shape.py`: 20 townships, 300 villages, 30,000 members, about 300,000
households) as one roster workbook per village, then, on a real database (SQLite in a temporary
folder unless --db names an empty one):

- imports every village through `import_roster`, the function `lianhu roster import` calls;
- imports them again with about 1 % changed (`changes.py`);
- computes the month-start visit-reminder plan for the county (`handlers.visit_reminders.plan`), after
  seeding the month's visits (with --with-job also the whole job, a claimed send per member);
- starts the bot (`lianhu replay -`) on the database, feeds it a few messages, reads its peak RSS.

Each figure is printed against its target. Generating the workbooks is timed apart, not counted.
"""

from __future__ import annotations

import argparse
import gc
import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench.county.changes import Expected, changed
from bench.county.generate import County, generate
from bench.county.job import run_first_reminder
from bench.county.memory import peak_rss
from bench.county.shape import TODAY, Shape
from bench.county.visits import REMINDER_AT, Visited, seed_visits
from bench.county.write import write_county
from handlers.periods import Month
from handlers.visit_reminders import Reminder, plan
from storage.db import make_engine, migrate
from storage.roster import Counts, import_roster

IMPORT_TARGET = 60.0
REIMPORT_TARGET = 15.0
PLAN_TARGET = 5.0
RSS_TARGET = 200 * 1024 * 1024


@dataclass
class Prepared:
    county: County
    workbooks: list[Path]
    changed_county: County
    changed_workbooks: list[Path]
    expected: Expected


def prepare(shape: Shape, seed: int, folder: Path, *, reuse: bool = False) -> Prepared:
    county = generate(shape, seed)
    second, expected = changed(county)
    first_books = write_county(county, folder / f"first-{seed}", reuse=reuse)
    return Prepared(county, first_books, second, write_county(second, folder / f"second-{seed}", reuse=reuse), expected)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    """This process's CPU time: on a shared machine, less inflated by the others' load than the wall clock."""


def timed(began: tuple[float, float]) -> Timing:
    return Timing(time.perf_counter() - began[0], time.process_time() - began[1])


def start() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


VillageCounts = dict[str, Counts]
"""What one village's import counted, by kind of row."""


def import_county(engine: Engine, workbooks: Sequence[Path]) -> tuple[list[VillageCounts], Timing]:
    """Every workbook imported in turn; of each report only its counts are kept.

    A report lists every row it added: kept whole, the first import's 300 reports are 630,000
    objects that every collection of the garbage collector walks again, which made the re-import
    after it half as slow again as a re-import in a process of its own, as `lianhu roster import` runs.
    """
    began = start()
    counts = [import_roster(engine, path, today=TODAY).counts for path in workbooks]
    return counts, timed(began)


def totals(villages: Sequence[VillageCounts]) -> VillageCounts:
    summed: VillageCounts = {}
    for village in villages:
        for kind, counts in village.items():
            total = summed.setdefault(kind, Counts())
            total.created += counts.created
            total.updated += counts.updated
            total.unchanged += counts.unchanged
            total.deactivated += counts.deactivated
    return summed


def timed_plan(engine: Engine) -> tuple[list[Reminder], Timing]:
    with Session(engine) as session:
        began = start()
        reminders = plan(session, Month.of(REMINDER_AT))
        return reminders, timed(began)


def _against(label: str, value: float, target: float, unit: str = "s") -> str:
    verdict = "meets" if value < target else "MISSES"
    return f"{label}: {value:,.2f} {unit}, target < {target:,.0f} {unit} ({value / target:.2f} of it, {verdict})"


def _timing(label: str, timing: Timing, target: float) -> str:
    return f"{_against(label, timing.wall, target)}; CPU {timing.cpu:.2f} s ({timing.cpu / target:.2f} of the target)"


@dataclass
class Result:
    prepared: Prepared
    url: str
    first: list[VillageCounts]
    second: list[VillageCounts]
    visited: Visited
    reminders: list[Reminder]
    peak_rss: int
    replies: int
    job_sends: int


def run(
    scale: float, url: str | None, seed: int, folder: Path, *, with_job: bool = False, workbooks: Path | None = None
) -> Result:
    """The benchmark in `folder`; the workbooks there too, unless kept (and reused) in `workbooks`."""
    shape = Shape.at(scale)
    began = time.perf_counter()
    prepared = prepare(shape, seed, workbooks or folder, reuse=workbooks is not None)
    # The generated county is a million objects the import in `lianhu roster import` would not have
    # beside it; frozen, the garbage collector stops walking them on every full collection.
    gc.collect()
    gc.freeze()
    households = sum(len(v.households) for v in prepared.county.villages)
    members = sum(len(v.party) for v in prepared.county.villages)
    print(
        f"county: {shape.townships} townships, {shape.villages} villages, {members:,} members, "
        f"{households:,} households; {len(prepared.workbooks) * 2} workbooks generated in "
        f"{time.perf_counter() - began:.1f} s (not measured)"
    )
    url = url or f"sqlite:///{folder / 'county.db'}"
    engine = make_engine(url)
    migrate(engine)
    first_reports, first = import_county(engine, prepared.workbooks)
    print(_timing("roster import of the county", first, IMPORT_TARGET))
    reports, second = import_county(engine, prepared.changed_workbooks)
    summed = totals(reports)
    print(f"  re-import counted: households {summed['household']}; party {summed['party']}")
    print(_timing("re-import with 1 % changes", second, REIMPORT_TARGET))
    visited = seed_visits(engine, prepared.changed_county)
    reminders, planned = timed_plan(engine)
    reminded = sum(len(r.households) for r in reminders)
    print(f"  {len(reminders):,} members to remind, {reminded:,} households; {len(visited.this_month):,} visited")
    print(_timing("month-start visit-reminder plan", planned, PLAN_TARGET))
    peak, sent = peak_rss(url, prepared.changed_county, folder)
    print(_against(f"bot peak RSS, county loaded ({sent} replies)", peak / 2**20, RSS_TARGET / 2**20, "MB"))
    empty = folder / "empty"
    empty.mkdir()
    migrate(make_engine(f"sqlite:///{empty / 'empty.db'}"))
    baseline, _ = peak_rss(f"sqlite:///{empty / 'empty.db'}", prepared.changed_county, empty)
    added = (peak - baseline) / 2**20
    print(f"  the same bot on an empty ledger: {baseline / 2**20:.1f} MB; the county adds {added:+.1f} MB")
    sends = 0
    if with_job:
        sends, seconds = run_first_reminder(engine)
        print(f"  for information: the whole reminder job (plan, texts, {sends:,} claimed sends) {seconds:.1f} s")
    engine.dispose()
    return Result(prepared, url, first_reports, reports, visited, reminders, peak, sent, sends)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the county's villages (default 1.0)")
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary folder); give an empty database")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--workbooks", type=Path, help="keep the generated workbooks here and reuse them next time")
    parser.add_argument(
        "--with-job", action="store_true", help="also run the whole job: a claimed send per member (slow: one by one)"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        run(args.scale, args.db, args.seed, Path(tmp), with_job=args.with_job, workbooks=args.workbooks)


if __name__ == "__main__":
    main()
