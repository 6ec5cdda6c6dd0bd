"""The figures counted in the database (`handlers.tally`, `handlers.trends`) equal their definitions
counted in Python over every record: `count_matters`, `is_overdue`, and the month-end overdue test.

The ledger is seeded at random around the edges the SQL has to get right: answers exactly at the
response limit and a microsecond or half a second either side, emergencies, an organisation with
its own limits, records created on a month's first instant, resolved or closed exactly at a month's
end, reopened after it, merged, withdrawn, visits, unrated and rated 1-5.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from base.clock import TZ
from handlers.escalation.limits import Limits, is_overdue, limits_for
from handlers.periods import Month
from handlers.records.lifecycle import OPEN
from handlers.stats import NOT_MATTERS, count_matters, figures, figures_by_org, overdue_records
from handlers.tally import bucket, created_in, per_key, tally
from handlers.trends import by_category, by_kind, by_month, last_months, overdue_by_month
from storage.db import session_scope
from storage.enums import Kind, OrgKind, Role, Status
from storage.models import Organisation, Person, Record, Township

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=TZ)
OFFSETS = [timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1), timedelta(seconds=0.5)]
OFFSETS += [-timedelta(seconds=0.5), timedelta(seconds=1), timedelta(seconds=2), -timedelta(hours=3)]


def _ledger(engine: Engine, count: int = 900, seed: int = 5) -> tuple[int, list[int]]:
    """A township of two villages (the second with its own limits) and `count` records over 14 months."""
    rng = random.Random(seed)
    months = last_months(NOW, 14)
    with session_scope(engine) as session:
        seat = Township(name="镇")
        session.add(seat)
        session.flush()
        township = Organisation(name="镇党委", township_id=seat.id or 0, kind=OrgKind.TOWNSHIP)
        session.add(township)
        session.flush()
        own = {"limits": {"grievance_member": 60 * 12, "emergency_ack": 30, "resolution": 60 * 24 * 3}}
        villages = [
            Organisation(name=name, township_id=seat.id or 0, parent_id=township.id, settings=settings)
            for name, settings in (("甲村", {}), ("乙村", own))
        ]
        session.add_all(villages)
        session.flush()
        people = [
            Person(org_id=v.id or 0, name=f"党员{i}", role=Role.MEMBER, wechat_name=f"m{v.id}{i}")
            for v in villages
            for i in range(3)
        ]
        session.add_all(people)
        session.flush()
        for _ in range(count):
            session.add(_record(rng, rng.choice(villages), rng.choice([*people, None]), months))
        return township.id or 0, [v.id or 0 for v in villages]


def _record(rng: random.Random, village: Organisation, person: Person | None, months: list[Month]) -> Record:
    month = rng.choice(months)
    created = month.start if rng.random() < 0.1 else month.start + timedelta(seconds=rng.randrange(27 * 86400))
    created = min(created, NOW - timedelta(minutes=1))
    kind = rng.choice([Kind.GRIEVANCE, Kind.GRIEVANCE, Kind.EMERGENCY, Kind.VISIT, Kind.UNSORTED])
    limits = limits_for(village)
    responded = None
    if rng.random() < 0.8:
        responded = created + limits.response(kind) + rng.choice(OFFSETS)
    finished = rng.choice(
        [None, month.end, created + timedelta(days=rng.randrange(1, 40)), month.end + timedelta(0, 1)]
    )
    finished = None if finished is not None and finished > NOW else finished
    status = (
        rng.choice(list(Status)) if finished is None else rng.choice([Status.RESOLVED, Status.CLOSED, Status.REOPENED])
    )
    resolved = finished if rng.random() < 0.7 else None
    closed = finished if resolved is None or rng.random() < 0.3 else None
    return Record(
        org_id=village.id or 0,
        kind=kind,
        category=rng.choice([None, "", "环境", "治安", "民生"]),
        status=status,
        text="事",
        responsible_id=person.id if person else None,
        created_at=created,
        updated_at=created,
        level_since=created,
        level=rng.choice([0, 0, 1, 2]),
        responded_at=responded,
        resolved_at=resolved,
        closed_at=closed,
        rating=rng.choice([None, None, 1, 2, 3, 4, 5]),
    )


def _records(session: Session, org_ids: list[int]) -> list[Record]:
    return list(session.exec(select(Record).where(col(Record.org_id).in_(org_ids)).order_by(col(Record.created_at))))


def test_counts_in_the_database_equal_count_matters_per_organisation_month_and_member(engine: Engine) -> None:
    township, village_ids = _ledger(engine)
    months = last_months(NOW, 14)
    with Session(engine) as session:
        orgs = {org_id: session.get(Organisation, org_id) for org_id in village_ids}
        org_limits = {org_id: limits_for(org) for org_id, org in orgs.items()}
        records = _records(session, village_ids)
        near = sum(
            1
            for r in records
            if r.responded_at
            and abs((r.responded_at - r.created_at - org_limits[r.org_id].response(r.kind)).total_seconds()) <= 1
        )
        assert near > 20  # the edges are in the ledger, and decided exactly

        bounds = [m.start for m in months] + [months[-1].end]
        counted = tally(session, org_limits, *created_in(bounds[0], bounds[-1]), key=bucket(bounds))
        for org_id in village_ids:
            for i, month in enumerate(months):
                mine = [r for r in records if r.org_id == org_id and Month.of(r.created_at) == month]
                expected = count_matters(mine, org_limits[org_id])
                assert counted.get((org_id, i), expected) == expected, (org_id, month)
                assert expected.received == 0 or (org_id, i) in counted

        township_limits = limits_for(session.get(Organisation, township))
        same_limits = dict.fromkeys(village_ids, township_limits)
        per_member = per_key(tally(session, same_limits, key=col(Record.responsible_id)))
        for person_id in {r.responsible_id for r in records}:
            expected = count_matters([r for r in records if r.responsible_id == person_id], township_limits)
            assert per_member.get(person_id, expected) == expected

        chart = by_month(session, township, months)
        assert [b.counts for b in chart] == [
            count_matters([r for r in records if Month.of(r.created_at) == m], township_limits) for m in months
        ]


def test_overdue_matters_and_figures_equal_their_definitions(engine: Engine) -> None:
    township, village_ids = _ledger(engine, seed=8)
    month = Month.of(NOW)
    with Session(engine) as session:
        org_limits = {org_id: limits_for(session.get(Organisation, org_id)) for org_id in village_ids}
        records = _records(session, village_ids)
        for moment in (NOW, NOW - timedelta(days=3, hours=5), NOW + timedelta(days=9)):
            expected = {r.id for r in records if is_overdue(r, org_limits[r.org_id], moment)}
            assert {r.id for r in overdue_records(session, org_limits, moment)} == expected
        assert expected

        together = figures_by_org(session, village_ids, month.start, month.end, NOW)
        for org_id in village_ids:
            mine = [r for r in records if r.org_id == org_id]
            in_month = [r for r in mine if month.start <= r.created_at < month.end]
            counts = count_matters(in_month, org_limits[org_id])
            overdue = [r for r in mine if is_overdue(r, org_limits[org_id], NOW)]
            found = together[org_id]
            assert (found.received, found.responded_in_time, found.resolved, found.rated, found.satisfied) == (
                counts.received,
                counts.responded_in_time,
                counts.resolved,
                counts.rated,
                counts.satisfied,
            )
            assert found.overdue == len(overdue)
            one = figures(session, org_id, month.start, month.end, NOW)
            assert [r.created_at for r in one.overdue] == [r.created_at for r in overdue]  # oldest first
            assert {r.id for r in one.overdue} == {r.id for r in overdue}


def _overdue_at(record: Record, limits: Limits, moment: datetime) -> bool:
    """The month-end definition as the chart always read it, one record at a time."""
    if record.kind == Kind.VISIT or moment - record.created_at <= limits.resolution:
        return False
    finished = [at for at in (record.resolved_at, record.closed_at) if at is not None]
    return not finished or min(finished) > moment


def test_the_overdue_chart_and_the_kind_and_topic_counts_equal_their_definitions(engine: Engine) -> None:
    township, village_ids = _ledger(engine, seed=11)
    with Session(engine) as session:
        limits = limits_for(session.get(Organisation, township))
        records = _records(session, village_ids)
        matters = [r for r in records if r.status not in NOT_MATTERS]
        for months in (last_months(NOW), last_months(NOW, 3), [Month.of(NOW).previous()]):
            expected = [
                sum(1 for r in matters if is_overdue(r, limits, NOW))
                if m.end > NOW
                else sum(1 for r in matters if _overdue_at(r, limits, m.end))
                for m in months
            ]
            assert overdue_by_month(session, township, months, NOW) == expected
            assert any(expected)
            span = [r for r in matters if months[0].start <= r.created_at < months[-1].end]
            assert by_kind(session, township, months) == Counter(r.kind for r in span)
            topics = by_category(session, township, months)
            assert topics == Counter(r.category or "" for r in span if r.kind != Kind.VISIT)
        assert {r.status for r in records if r.status in OPEN} and limits == Limits()
