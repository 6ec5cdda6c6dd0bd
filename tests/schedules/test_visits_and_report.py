"""Monthly visit reminders, the coverage summary, and the monthly report with members' points."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from base.clock import TZ
from handlers.escalation.limits import Limits
from handlers.periods import Month
from handlers.points import Points, YearPoints, month_points
from storage.enums import Kind, Status
from storage.models import Household, Person, Record, Visit
from tests.schedules.world import World, at


async def village(tmp_path: Path, start: str) -> World:
    return await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at(start)).boot(roster=True)


def person(session: Session, name: str) -> Person:
    return session.exec(select(Person).where(Person.name == name)).one()


def visit_all(session: Session, member: Person, on: date) -> None:
    for household in session.exec(select(Household).where(Household.member_id == member.id)):
        session.add(
            Visit(
                household_id=household.id,  # type: ignore[arg-type]
                member_id=member.id,  # type: ignore[arg-type]
                visited_on=on,
                at=datetime.combine(on, datetime.min.time(), tzinfo=TZ),
            )
        )


async def test_no_reminder_for_the_exempt_nor_for_a_member_who_is_done(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T08:00")
    assert world.app is not None
    with Session(world.app.engine) as session:
        exempt = person(session, "孙立军")
        exempt.exempt = True
        session.add(exempt)
        visit_all(session, person(session, "郑丽娟"), date(2026, 3, 1))
        session.commit()
    await world.advance("2026-03-31T21:00")
    first = world.containing("2026年3月走访提醒")
    assert {s.to for s in first} == {"李建国", "春梅", "周海燕", "永刚"}
    周 = next(s.text for s in first if s.to == "周海燕")
    assert 周.index("⭐ 宋凤兰（留守儿童）") < 周.index("· 梁秀云")  # focus households first, with their tags
    summary = world.containing("2026年3月走访覆盖")
    assert len(summary) == 1 and summary[0].room == "幸福村党员群" and summary[0].at == at("2026-03-31T20:00")
    assert "郑丽娟：6/6｜重点户 1/1" in summary[0].text and "孙立军" not in summary[0].text
    assert "全村 6/33 户" in summary[0].text  # the exempt member's 7 households are not due
    await world.stop()


def test_points_formula() -> None:
    assert Points(visits=8.0, answers=2, ratings=-1).total == 9.0
    ten, four = Points(10.0, 0, 0), Points(4.0, 0, 0)
    on_pace = YearPoints([(Month(2026, m), ten) for m in (1, 2, 3)])
    assert on_pace.projected == 120.0 and on_pace.expected == 15.0 and not on_pace.behind
    slow = YearPoints([(Month(2026, m), four) for m in (1, 2, 3)])
    assert slow.projected == 48.0 and slow.behind and not slow.warned
    assert not YearPoints([(Month(2026, 3), four)]).behind  # one month says little about a year
    assert YearPoints([(Month(2026, m), four) for m in range(1, 13)]).warned
    assert YearPoints([]).projected == 0.0


async def test_month_points_count_answers_in_time_and_ratings(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T08:00")
    assert world.app is not None
    march = Month(2026, 3)
    with Session(world.app.engine) as session:
        member = person(session, "李建国")
        base: dict[str, Any] = {
            "org_id": member.org_id,
            "kind": Kind.GRIEVANCE,
            "text": "x",
            "responsible_id": member.id,
            "created_at": at("2026-03-02T10:00"),
            "updated_at": at("2026-03-02T10:00"),
            "level_since": at("2026-03-02T10:00"),
        }
        session.add(Record(**base, status=Status.CLOSED, responded_at=at("2026-03-02T11:00"), rating=5))
        session.add(Record(**base, status=Status.CLOSED, responded_at=at("2026-03-04T11:00"), rating=1, level=1))
        session.add(Record(**base, status=Status.NEW, level=2))
        session.add(Record(**base, status=Status.WITHDRAWN))
        session.commit()
        found = month_points(session, member, march, Limits(), visit_share=0.5)
    # visits 8 × 0.5; answers +1 (in time) −1 (late, escalated) −1 (never, escalated); ratings +1 −2
    assert found == Points(visits=4.0, answers=-1, ratings=-1) and found.total == 2.0
    await world.stop()


async def test_the_monthly_report_compares_and_flags(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-01-31T12:00")
    assert world.app is not None
    with Session(world.app.engine) as session:
        for name in ("李建国", "赵春梅", "孙立军", "周海燕", "吴永刚"):
            visit_all(session, person(session, name), date(2026, 2, 3))
        session.commit()
    await world.advance("2026-03-01T09:00")
    reports = world.containing("联户工作月报")
    assert [(s.to, s.at) for s in reports] == [("王志强", at("2026-02-01T08:00")), ("王志强", at("2026-03-01T08:00"))]
    february = reports[-1].text
    assert "2026年2月联户工作月报（括号内为2026年1月）" in february
    assert "走访覆盖率：85%（0%）↑" in february  # 34 of 40 households
    assert "李建国：8.0｜8.0｜96.0\n" in february + "\n"
    assert "郑丽娟：0.0｜0.0｜0.0\n" in february + "\n"  # the ledger's first month: no verdict on the year
    assert "暂不计算党员积分" in reports[0].text  # January: nothing in the ledger yet
    await world.stop()
