"""A township's figures per village: the same numbers as each village's own `/统计`, read set-wise."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import TZ
from bot.demo import DEMO_ROSTER
from handlers.periods import Month
from handlers.records.create import open_record
from handlers.stats import Figures, VillageFigures, figures, figures_by_org
from handlers.township import villages
from storage.db import session_scope
from storage.enums import Kind, OrgKind
from storage.models import Household, Organisation
from storage.roster import import_roster
from tests.township.rosters import DONGFENG

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=TZ)


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def note(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _more_villages(tmp_path: Path, count: int) -> list[Path]:
    folders = []
    for number in range(count):
        folder = shutil.copytree(DONGFENG, tmp_path / f"v{number}")
        org = folder / "组织.csv"
        org.write_text(org.read_text(encoding="utf-8").replace("东风村", f"东风{number}村"), encoding="utf-8")
        for sheet in ("党员.csv", "联系户.csv", "群.csv"):
            path = folder / sheet
            text = path.read_text(encoding="utf-8").replace("东风村党员群", f"东风{number}村党员群")
            path.write_text(text.replace("蒋志远联户群", f"蒋志远{number}联户群"), encoding="utf-8")
        folders.append(folder)
    return folders


def numbers(found: Figures | VillageFigures) -> tuple[int, ...]:
    counts = (found.received, found.responded_in_time, found.resolved, found.rated, found.satisfied)
    overdue = found.overdue if isinstance(found, VillageFigures) else len(found.overdue)
    return (*counts, overdue, *astuple(found.coverage))


def _township_figures(engine: Engine) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]], int]:
    month = Month.of(NOW)
    with Session(engine) as session:
        township = session.exec(select(Organisation).where(Organisation.kind == OrgKind.TOWNSHIP)).one()
        ids = [org.id for org in villages(session, township.id or 0) if org.id is not None]
        with counted(engine) as statements:
            together = figures_by_org(session, ids, month.start, month.end, NOW)
        one_by_one = {org_id: figures(session, org_id, month.start, month.end, NOW) for org_id in ids}

    return (
        {k: numbers(v) for k, v in together.items()},
        {k: numbers(v) for k, v in one_by_one.items()},
        len(statements),
    )


def _some_matters(engine: Engine) -> None:
    with session_scope(engine) as session:
        for home in session.exec(select(Household)).all()[::7]:
            for days in (1, 12, 40):
                open_record(
                    session,
                    org_id=home.org_id,
                    kind=Kind.GRIEVANCE,
                    text="路灯坏了",
                    now=NOW - timedelta(days=days),
                    reporter=None,
                    household=home,
                    group=None,
                    responsible=None,
                )


def test_figures_per_village_agree_with_each_villages_own_and_take_the_same_few_queries(
    engine: Engine, tmp_path: Path
) -> None:
    import_roster(engine, DEMO_ROSTER, today=NOW.date())
    import_roster(engine, DONGFENG, today=NOW.date())
    _some_matters(engine)
    together, one_by_one, few = _township_figures(engine)
    assert together == one_by_one and len(together) == 2

    for folder in _more_villages(tmp_path, 4):
        import_roster(engine, folder, today=NOW.date())
    _some_matters(engine)
    together, one_by_one, more = _township_figures(engine)
    assert together == one_by_one and len(together) == 6
    assert more == few  # one read per table, however many villages
