"""The county ledger benchmark at a small scale, so it cannot rot: what it generates, what its sweep
climbs, the index its query plan names, and `/统计` against counts taken from the generated rows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from base.clock import VirtualClock
from bench.county.ledger import NOW, TABLES, Planted, Shape, generate
from bench.county.ledger_bench import cadre, page_times, stats_times, sweep_once
from handlers.context import Deps
from handlers.escalation.limits import Limits
from handlers.periods import Month
from handlers.templates import Templates
from nlp import classify
from storage.db import make_engine, migrate
from storage.enums import Kind, Status
from storage.models import Household, Organisation, OutboxMessage, Person, Record, Visit

SHAPE = Shape(townships=2, villages_per_township=3, closed=9_700, open=300)


@pytest.fixture
def county(db_url: str) -> Iterator[tuple[Engine, Planted]]:
    engine = make_engine(db_url)
    migrate(engine)
    yield engine, generate(engine, SHAPE, seed=5)
    engine.dispose()


def test_the_generator_writes_the_requested_ledger(county: tuple[Engine, Planted]) -> None:
    engine, planted = county
    with Session(engine) as session:
        stored = {table.name: session.exec(select(func.count()).select_from(table)).one() for table in TABLES}
        statuses = dict(session.exec(select(Record.status, func.count()).group_by(col(Record.status))).all())
        assert session.exec(select(func.max(Record.created_at))).one() <= NOW
    assert stored == planted.counts
    assert stored["record"] == SHAPE.closed + SHAPE.open
    assert stored["organisation"] == SHAPE.townships * (1 + SHAPE.villages_per_township)
    closed = sum(statuses.get(s, 0) for s in (Status.CLOSED, Status.WITHDRAWN, Status.MERGED))
    assert closed == SHAPE.closed
    assert len(planted.due_records) == SHAPE.due_records and len(planted.due_tasks) == SHAPE.due_tasks


def test_the_sweep_climbs_exactly_the_planted_records_and_tasks_through_the_open_records_index(
    county: tuple[Engine, Planted],
) -> None:
    engine, planted = county
    deps = Deps(clock=VirtualClock(NOW), templates=Templates.load(), classify=classify)
    result = sweep_once(engine, deps, with_plans=True)
    assert result.climbed == set(planted.due_records)
    assert result.stepped == set(planted.due_tasks)
    plans = {statement.split(" FROM ")[1].split()[0]: plan for statement, plan in result.plans}
    assert "ix_record_clock_runs" in plans["record"]
    assert "ix_visittask_open" in plans["visittask"]
    again = sweep_once(engine, deps)
    assert again.climbed == result.climbed, "the benchmark's sweep is rolled back, so each round does the same"


def _expected_total(engine: Engine, township: int, month: Month) -> str:
    """The township's figures for `month`, counted here from the generated rows."""
    limits = Limits()
    with Session(engine) as session:
        villages = list(session.exec(select(Organisation.id).where(Organisation.parent_id == township)))
        rows = session.exec(
            select(Record).where(
                col(Record.org_id).in_(villages), Record.created_at >= month.start, Record.created_at < month.end
            )  # type: ignore[arg-type]
        ).all()
        due = session.exec(
            select(Household.id)
            .join(Person, col(Person.id) == col(Household.member_id))
            .where(col(Household.org_id).in_(villages), Household.active, Person.active, col(Person.exempt).is_(False))
        ).all()
        visited = session.exec(
            select(func.count(func.distinct(Visit.household_id))).where(
                col(Visit.household_id).in_(due),
                Visit.visited_on >= month.start.date(),
                Visit.visited_on < month.end.date(),
            )
        ).one()
    matters = [r for r in rows if r.kind != Kind.VISIT and r.status not in (Status.MERGED, Status.WITHDRAWN)]
    in_time = [r for r in matters if r.responded_at and r.responded_at - r.created_at <= limits.response(r.kind)]
    resolved = [r for r in matters if r.resolved_at is not None or r.status == Status.CLOSED]
    rated = [r for r in matters if r.rating is not None]
    satisfied = [r for r in rated if (r.rating or 0) >= 3]
    assert matters and rated and visited, "a month of the small county has matters, ratings and visits"

    def share(part: int, whole: int) -> str:
        return f"{part / whole:.0%}"

    received = len(matters)
    return (
        f"全镇合计：受理 {received}｜答复率 {share(len(in_time), received)}｜办结率 {share(len(resolved), received)}"
        f"｜满意率 {share(len(satisfied), len(rated))}｜走访覆盖率 {share(visited, len(due))}"
    )


def test_a_township_cadres_stats_equal_the_counts_of_the_generated_rows(
    county: tuple[Engine, Planted], tmp_path: Path
) -> None:
    engine, _ = county
    person = cadre(engine, township=1)
    stats_times(engine, person, "上月", rounds=1)
    with Session(engine) as session:
        reply = session.exec(
            select(OutboxMessage.text)
            .where(OutboxMessage.person_id == person.id)
            .order_by(col(OutboxMessage.id).desc())
        ).first()
    assert reply is not None
    month = Month.of(NOW).previous()
    assert reply.startswith(f"📊 县01镇 {month.label} 各村统计")
    assert reply.splitlines()[-1] == _expected_total(engine, 1, month)
    pages = asyncio.run(page_times(engine, person, ["/stats", "/township"], tmp_path))
    assert all(len(took) == 5 for took in pages.values())


def test_the_open_part_does_not_depend_on_the_closed_part(tmp_path: Path) -> None:
    """The growth ratio compares sweeps over the same open records: the open rows must be identical."""
    texts = []
    for closed in (500, 2_000):
        engine = make_engine(f"sqlite:///{tmp_path / f'{closed}.db'}")
        migrate(engine)
        generate(engine, Shape(townships=1, villages_per_township=2, closed=closed, open=120), seed=5)
        with Session(engine) as session:
            opened = session.exec(select(Record).where(col(Record.id) > closed).order_by(col(Record.id))).all()
        texts.append([(r.kind, r.status, r.level, r.level_since, r.text, r.household_id) for r in opened])
        engine.dispose()
    assert texts[0] == texts[1] and len(texts[0]) == 120
