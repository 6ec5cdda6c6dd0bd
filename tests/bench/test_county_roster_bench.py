"""The county benchmark at a small scale, so it cannot rot: it imports, re-imports and plans correctly.

Timings are the benchmark's to print (`python -m bench.county.roster`); these tests assert what it did.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from bench.county.roster import Result, run, totals
from bench.county.visits import expected_reminders
from storage.db import make_engine
from storage.enums import Role
from storage.models import Group, Household, Organisation, Person, SendClaim, Township

SCALE = 0.005
"""Two villages of the real size (about 100 members and 1,000 households each)."""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return run(SCALE, None, 12, tmp_path_factory.mktemp("county"), with_job=True)


def _session(result: Result) -> Session:
    return Session(make_engine(result.url))


def test_the_first_import_creates_the_generated_county(result: Result) -> None:
    county = result.prepared.county
    created = {kind: counts.created for kind, counts in totals(result.first).items()}
    townships = {v.township for v in county.villages}
    cadres = {(v.township, c.name) for v in county.villages for c in v.cadres}
    assert created == {
        "organisation": len(county.villages),
        "party": sum(len(v.party) for v in county.villages) + len(cadres),
        "resident": sum(len(v.representatives()) for v in county.villages),
        "household": sum(len(v.households) for v in county.villages),
        "group": sum(len(v.groups()) for v in county.villages),
    }
    assert len(townships) == 1 and len(county.villages) == 2
    assert all(village["party"].deactivated == 0 for village in result.first)


def test_the_database_holds_the_changed_county(result: Result) -> None:
    county = result.prepared.changed_county
    with _session(result) as session:
        assert {t.name for t in session.exec(select(Township))} == {v.township for v in county.villages}
        villages = {o.id: o.name for o in session.exec(select(Organisation).where(Organisation.parent_id != None))}  # noqa: E711
        assert sorted(villages.values()) == sorted(v.name for v in county.villages)
        homes = session.exec(select(Household).where(col(Household.active))).all()
        assert Counter(villages[h.org_id] for h in homes) == {v.name: len(v.households) for v in county.villages}
        groups = session.exec(select(Group).where(col(Group.active))).all()
        assert len(groups) == sum(len(v.groups()) for v in county.villages)
        cadres = session.exec(select(Person).where(Person.role == Role.TOWNSHIP)).all()
        assert len(cadres) == len(county.villages[0].cadres)


def test_the_reimport_applies_the_one_percent_changes(result: Result) -> None:
    expected = result.prepared.expected
    summed = totals(result.second)
    assert (summed["household"].updated, summed["household"].created, summed["household"].deactivated) == (
        expected.households_updated,
        expected.households_added,
        expected.households_removed,
    )
    assert summed["resident"].updated == expected.residents_updated
    assert (summed["party"].updated, summed["party"].created, summed["party"].deactivated) == (
        expected.party_updated,
        0,
        0,
    )
    touched = expected.households_updated + expected.households_added + expected.households_removed
    assert 0.008 <= touched / (touched + summed["household"].unchanged) <= 0.012
    with _session(result) as session:
        names = {o.id: o.name for o in session.exec(select(Organisation))}
        people = session.exec(select(Person)).all()
        for village, name in expected.promoted or []:
            rows = [p for p in people if names[p.org_id] == village and p.name == name]
            assert [(p.role, p.hub_id, p.active) for p in rows] == [(Role.HUB, None, True)]
        member_of = {p.id: (names[p.org_id], p.name) for p in people}
        homes = {(names[h.org_id], h.head_name): h for h in session.exec(select(Household))}
        for village, head, member in expected.moved or []:
            assert member_of[homes[(village, head)].member_id] == (village, member)


def test_the_reminder_plan_reminds_who_owes_visits_focus_households_first(result: Result) -> None:
    with _session(result) as session:
        names = {o.id: o.name for o in session.exec(select(Organisation))}
    planned = {(names[r.member.org_id], r.member.name): [h.head_name for h in r.households] for r in result.reminders}
    assert planned == expected_reminders(result.prepared.changed_county, result.visited)
    done = {(v.name, p.name) for v in result.prepared.changed_county.villages for p in v.party[:2]}
    assert not done & planned.keys()
    assert any(r.households[0].focus_tags for r in result.reminders)
    for reminder in result.reminders:
        flags = [bool(h.focus_tags) for h in reminder.households]
        assert flags == sorted(flags, reverse=True)
    assert result.job_sends == len(result.reminders)


def test_the_bot_ran_on_the_county_and_answered(result: Result) -> None:
    assert result.replies >= 1
    assert result.peak_rss > 20 * 2**20
    with _session(result) as session:
        assert session.exec(select(SendClaim)).first() is not None
    assert Path(result.url.split("///", 1)[1]).exists()
