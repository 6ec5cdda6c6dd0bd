"""County-size benchmarks of the ledger, each printed against its target.

    python -m bench.county.ledger_bench [--records 1000000] [--db URL] [--messages 1000]

On the generated county ledger (`bench.county.ledger`, made on first use; an existing one is
reused): one escalation sweep at `NOW` (rolled back, so every round does the same work) with
its query plans, and beside it the same open records over a tenth of the closed ones; messages
through the whole pipeline (`bench.bench_pipeline.run_messages`); a township cadre's `/统计`
through the same pipeline, and their console's figures and township pages through the aiohttp
app. The default database is `var/county-<records>.db`; for PostgreSQL give a database URL (the
tenth-size ledger goes into a sibling database `<name>_tenth`, created when missing).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event, func, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, col, select

from base.clock import VirtualClock
from bench.bench_nlp import messages
from bench.bench_pipeline import Speaker, percentile, run_messages
from bench.county.ledger import NOW, Shape, generate
from bot.config import Settings
from bot.web.server import build_app
from handlers.context import Deps
from handlers.escalation.deadlines import OrgLimits, due_records, due_tasks
from handlers.templates import Templates
from nlp import classify
from schedules.jobs.escalation import sweep
from schedules.spec import JobContext
from storage.console import issue_login
from storage.db import make_engine, migrate, session_scope
from storage.enums import OrgKind, Role
from storage.models import Group, Household, Organisation, Person, Record, SendClaim

TARGETS_MS = {"sweep": 100.0, "pipeline_p99": 20.0, "stats": 300.0, "figures": 300.0, "township": 300.0}
ROUNDS = 5


@dataclass(frozen=True)
class SweepResult:
    seconds: float
    finding: float  # of `seconds`, reading what fell due (what grows with the ledger); the rest is acting on it
    climbed: set[int]
    stepped: set[int]
    plans: list[tuple[str, str]]  # (statement, its query plan)


def ledger(url: str, shape: Shape, seed: int = 12) -> Engine:
    """The migrated county ledger at `url`: generated when empty, reused when it holds `shape`'s records."""
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        held = session.exec(select(func.count()).select_from(Record).where(Record.created_at <= NOW)).one()  # type: ignore[arg-type]
    if held == 0:
        began = time.perf_counter()
        generate(engine, shape, seed)
        settle(engine)
        took = time.perf_counter() - began
        print(f"  generated {shape.closed + shape.open:,} records at {_backend(url)} in {took:.0f} s")
    elif held != shape.closed + shape.open:
        raise SystemExit(f"{url} holds {held} records, not {shape.closed + shape.open}: give an empty database")
    return engine


def settle(engine: Engine) -> None:
    """On PostgreSQL, vacuum and analyse the new ledger, as autovacuum long has a running one's.

    Measured straight after generating, autovacuum was still working through four million new
    rows beside the bench (message p99 46 ms; 17-19 ms once it was done). SQLite is left as the
    bot leaves it: nothing analyses it.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def _backend(url: str) -> str:
    return make_url(url).get_backend_name()


@contextmanager
def captured(engine: Engine, wanted: Callable[[str], bool]) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and their parameters) `engine` runs inside the block that `wanted` picks."""
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if wanted(statement):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def explain(engine: Engine, statement: str, parameters: Any) -> str:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters).all()
    return "\n".join(" ".join(str(v) for v in row[-1:]) for row in rows)


def _sweep_queries(statement: str) -> bool:
    """The sweep's reads of open records and open tasks (not its look-ups by id)."""
    flat = " ".join(statement.split())
    where = flat.split(" WHERE ", 1)[-1] if flat.startswith("SELECT") else ""
    return "record.level" in where or "visittask.closed_at IS NULL" in where


def sweep_once(engine: Engine, deps: Deps, with_plans: bool = False) -> SweepResult:
    """One sweep at `NOW`, timed, then rolled back; what it climbed and stepped (by their send claims)."""
    with captured(engine, _sweep_queries) as queries, Session(engine) as session:
        ctx = JobContext(session, deps, Settings(township_endpoint=None), NOW, NOW)
        began = time.perf_counter()
        limits = OrgLimits(session)
        due_records(session, limits, due_by=NOW), due_tasks(session, limits, due_by=NOW)
        finding = time.perf_counter() - began
        session.expunge_all()  # so the sweep reads again, as a sweep does
        began = time.perf_counter()
        sweep(ctx)
        session.flush()
        seconds = time.perf_counter() - began
        claims = session.exec(select(SendClaim.job, SendClaim.target).where(SendClaim.claimed_at == NOW)).all()  # type: ignore[arg-type]
        session.rollback()
    climbed = {int(t.split(":")[1]) for job, t in claims if job == "escalate"}
    stepped = {int(t.split(":")[1]) for job, t in claims if job == "visit-task"}
    distinct = list(dict.fromkeys(statement for statement, _ in queries))
    plans = []
    if with_plans:
        parameters = {statement: params for statement, params in queries}
        plans = [(" ".join(s.split()), explain(engine, s, parameters[s])) for s in distinct]
    return SweepResult(seconds, finding, climbed, stepped, plans)


def sweep_median(engine: Engine, deps: Deps) -> tuple[float, SweepResult]:
    results = [sweep_once(engine, deps, with_plans=i == 0) for i in range(ROUNDS)]
    finding = statistics.median(r.finding for r in results)
    return statistics.median(r.seconds for r in results), replace(results[0], finding=finding)


def county_speakers(engine: Engine, count: int = 12) -> list[Speaker]:
    """Residents of villages across the county, each in their member's tier-2 group."""
    with Session(engine) as session:
        villages = session.exec(select(Organisation.id).where(Organisation.kind == OrgKind.VILLAGE)).all()
        speakers = []
        for org_id in villages[:: max(1, len(villages) // count)][:count]:
            home = session.exec(select(Household).where(Household.org_id == org_id).order_by(col(Household.id))).first()
            assert home is not None
            person = session.get(Person, home.representative_id)
            group = session.exec(select(Group).where(Group.member_id == home.member_id, Group.tier == 2)).one()
            assert person is not None and person.wechat_id is not None
            speakers.append(Speaker(person.wechat_id, person.wechat_name, group.room_id, group.name))
    return speakers


def messages_start(engine: Engine) -> datetime:
    """When the bench's messages begin: at `NOW`, or a day after the last record of an earlier run.

    A ledger the bench ran on before holds that run's messages, 7 minutes apart from `NOW` on.
    Begun at `NOW` again, the new messages would have them in their future, and every look-back
    ("this reporter's records since ten minutes ago") would read them all: each run slower than
    the one before, which a bot, whose clock only moves forward, never meets.
    """
    with Session(engine) as session:
        latest = session.exec(select(func.max(Record.created_at))).one()
    return max(NOW, latest + timedelta(days=1)) if latest is not None else NOW


def cadre(engine: Engine, township: int = 1) -> Person:
    with Session(engine) as session:
        return session.exec(select(Person).where(Person.role == Role.TOWNSHIP, Person.org_id == township)).one()


def stats_times(engine: Engine, person: Person, args: str, rounds: int = ROUNDS) -> list[float]:
    """`/统计 args` from the cadre in private, through the whole pipeline."""
    assert person.wechat_id is not None
    speaker = Speaker(person.wechat_id, person.wechat_name, None, None)
    clock = VirtualClock(NOW - timedelta(minutes=7 * rounds))
    return run_messages(engine, clock, [f"/统计 {args}".strip()] * rounds, [speaker])


async def page_times(engine: Engine, person: Person, paths: list[str], tmp: Path) -> dict[str, list[float]]:
    """Each console page for the cadre, signed in by a login link spent like a browser does."""
    clock = VirtualClock(NOW)
    deps = Deps(clock=clock, templates=Templates.load(), classify=classify)
    app = build_app(engine, clock, var_dir=tmp, domain=lambda: deps)
    with session_scope(engine) as session:
        assert person.id is not None
        token = issue_login(session, person.id, NOW, timedelta(minutes=10))
    found: dict[str, list[float]] = {path: [] for path in paths}
    async with TestClient(TestServer(app)) as client:
        signed = await client.post("/login", data={"token": token}, allow_redirects=False)
        assert signed.status == 303, await signed.text()
        for _ in range(ROUNDS):
            for path in paths:
                began = time.perf_counter()
                response = await client.get(path)
                body = await response.text()
                found[path].append(time.perf_counter() - began)
                assert response.status == 200 and "满意率" in body, (path, response.status)
    return found


def _verdict(name: str, ms: float) -> str:
    target = TARGETS_MS[name]
    return f"{ms:8.1f} ms   target < {target:.0f} ms   {'ok' if ms < target else 'MISSED'}"


def tenth_url(url: str) -> str:
    """Where the ledger with a tenth of the closed records lives, beside `url`'s."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "county.db")
        return parsed.set(database=str(path.with_name(f"{path.stem}-tenth{path.suffix}"))).render_as_string(False)
    name = f"{parsed.database}_tenth"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def run(url: str, records: int, message_count: int, tmp: Path) -> dict[str, float]:
    """Every benchmark on the ledger at `url`; the figures in ms (and the sweep's growth ratio)."""
    shape = Shape.of(records)
    tenth = Shape.of(records, closed=shape.closed // 10)
    deps = Deps(clock=VirtualClock(NOW), templates=Templates.load(), classify=classify)
    engine = ledger(url, shape)
    small = ledger(tenth_url(url), tenth)
    figures: dict[str, float] = {}
    print(f"county ledger: {shape.closed:,} closed + {shape.open:,} open records ({_backend(url)})")
    seconds, result = sweep_median(engine, deps)
    small_seconds, small_result = sweep_median(small, deps)
    figures["sweep"], figures["sweep_ratio"] = seconds * 1000, seconds / small_seconds
    print(f"escalation sweep:        {_verdict('sweep', seconds * 1000)}")
    acted = len(result.climbed) + len(result.stepped)
    figures["sweep_finding"] = result.finding * 1000
    print(
        f"  climbed {len(result.climbed)} records, stepped {len(result.stepped)} visit tasks "
        f"(planted: {shape.due_records}, {shape.due_tasks})"
    )
    print(
        f"  finding them among {shape.closed + shape.open:,} records: {result.finding * 1000:.1f} ms; acting on them: "
        f"{(seconds - result.finding) * 1000 / max(acted, 1):.1f} ms each (one message, claim and trail entry each)"
    )
    print(
        f"  with {tenth.closed:,} closed: {small_seconds * 1000:.1f} ms; "
        f"ratio {shape.closed // tenth.closed}x closed: {figures['sweep_ratio']:.2f} (sub-linear: ≈ 1, not ≈ 10)"
    )
    for statement, plan in result.plans:
        where = statement[statement.index(" FROM ") :]
        print(f"  EXPLAIN SELECT …{where}\n    " + plan.replace("\n", "\n    "))
    small.dispose()
    person = cadre(engine)
    for args, key in (("", "stats"), ("上月", "stats")):
        took = stats_times(engine, person, args)
        figures[f"stats {args or '本月'}"] = statistics.median(took) * 1000
        print(f"/统计 {args or '本月'} (township):  {_verdict(key, statistics.median(took) * 1000)}")
    pages = asyncio.run(page_times(engine, person, ["/stats", "/township"], tmp))
    for path, key in (("/stats", "figures"), ("/township", "township")):
        figures[path] = statistics.median(pages[path]) * 1000
        print(f"page {path} (township):{' ' * (12 - len(path))}{_verdict(key, figures[path])}")
    took = run_messages(engine, VirtualClock(messages_start(engine)), messages(message_count), county_speakers(engine))
    figures["pipeline_p50"], figures["pipeline_p99"] = percentile(took, 0.5) * 1000, percentile(took, 0.99) * 1000
    print(
        f"message → receipt p99:   {_verdict('pipeline_p99', figures['pipeline_p99'])}  "
        f"(p50 {figures['pipeline_p50']:.1f} ms, {len(took)} messages)"
    )
    engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL (default: SQLite file var/county-<records>.db)")
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    url = args.db or f"sqlite:///var/county-{args.records}.db"
    tmp = Path("var/county-bench")
    tmp.mkdir(parents=True, exist_ok=True)
    run(url, args.records, args.messages, tmp)


if __name__ == "__main__":
    main()
