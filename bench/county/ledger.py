"""A county's ledger, generated: townships, villages, their people and groups, and a million records.

    python -m bench.county.ledger [--records N] [--db URL]

Seeded and deterministic. The rows are what the intake and the lifecycle write (a record, its
audit events, its visit and must-visit task, its rating), bulk-inserted with SQLAlchemy Core into
a database the project's migrations created. Closed records (rated, closed off unrated, withdrawn,
merged, visit reports) span three years before `NOW`; the open ones are drawn from their own
random stream, so two ledgers with different closed counts hold the same open records. Among
the open ones the generator plants records and must-visit tasks whose escalation clock ran out:
`Planted` names them, and a sweep at `NOW` must climb exactly those.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.engine import Connection, Engine

from base.clock import TZ
from handlers.escalation.limits import Limits
from storage.db import make_engine, migrate
from storage.enums import FOCUS_TAGS, Kind, OrgKind, Role, Status, TownshipState
from storage.models import (
    Group,
    Household,
    Organisation,
    Person,
    Record,
    RecordEvent,
    Township,
    Visit,
    VisitTask,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
YEARS = 3
CHUNK = 20_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国秀英桂兰志强春梅宏伟德福玉珍海燕文华明亮丽娟永红国庆淑芬金花长江大山小平晓东美玲振华"
CATEGORIES = ("城乡建设", "农村农业", "民政", "环境保护", "交通运输", "劳动和社会保障", "卫生计生", "政法")
REASONS = ("illness", "hardship", "dispute", "family_event", "discontent")
TEXTS = (
    ("路灯坏了好几天了，晚上出行不便", ["路灯", "出行"]),
    ("村口水渠堵了，下雨就漫到路上", ["水渠", "堵"]),
    ("低保申请材料交了还没有消息", ["低保", "申请"]),
    ("垃圾站好几天没人清运，味道很大", ["垃圾", "清运"]),
    ("邻居家盖房占了我家的路", ["盖房", "占路"]),
    ("医保报销的手续不清楚，想问问", ["医保", "报销"]),
    ("村道上有个大坑，电动车摔了好几回", ["村道", "坑"]),
    ("自来水这两天发黄，不敢喝", ["自来水", "发黄"]),
)


@dataclass(frozen=True)
class Shape:
    """The county's dimensions; `closed` and `open` records are counted apart (see `Planted`)."""

    townships: int = 20
    villages_per_township: int = 15
    members_per_village: int = 10  # party members who liaise, the first `hubs` of them hubs
    hubs_per_village: int = 2
    households_per_village: int = 100
    closed: int = 970_000
    open: int = 30_000

    @classmethod
    def of(cls, records: int, closed: int | None = None) -> Shape:
        """`records` in all, 97 % closed; `closed` overrides the closed count, the open ones staying."""
        opened = max(100, round(records * 0.03))
        return cls(closed=records - opened if closed is None else closed, open=opened)

    @property
    def villages(self) -> int:
        return self.townships * self.villages_per_township

    @property
    def due_records(self) -> int:
        return max(8, self.open // 500)

    @property
    def due_tasks(self) -> int:
        return max(4, self.open // 2000)


@dataclass
class Planted:
    """What the generator wrote: row counts per table, and what a sweep at `NOW` must act on."""

    counts: dict[str, int] = field(default_factory=dict)
    due_records: list[int] = field(default_factory=list)
    due_tasks: list[int] = field(default_factory=list)


@dataclass
class _Village:
    org_id: int
    secretary: int
    members: list[int]  # party members liaising, hubs first
    households: list[tuple[int, int, int]]  # (household, member, representative)
    groups: dict[int, int]  # member → tier-2 group
    tier1: int


@dataclass
class _Writer:
    """Ids handed out in order, rows buffered per table and inserted in chunks."""

    conn: Connection
    planted: Planted
    ids: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: Table, **values: Any) -> int:
        ident = values.get("id")
        if ident is None and "id" in table.c:
            ident = values["id"] = self.ids.get(table.name, 0) + 1
            self.ids[table.name] = ident
        self.rows.setdefault(table.name, []).append(values)
        self.planted.counts[table.name] = self.planted.counts.get(table.name, 0) + 1
        if len(self.rows[table.name]) >= CHUNK:
            self.flush()
        return int(ident or 0)

    def flush(self) -> None:
        """Every table's buffered rows, parents first."""
        for table_ in TABLES:
            batch = self.rows.pop(table_.name, [])
            if batch:
                keys = {key for row in batch for key in row}
                self.conn.execute(insert(table_), [{key: row.get(key) for key in keys} for row in batch])

    def next_id(self, table: Table) -> int:
        return self.ids.get(table.name, 0) + 1


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


TOWNSHIP, ORG, PERSON, HOUSEHOLD, GROUP = map(_table, (Township, Organisation, Person, Household, Group))
RECORD, EVENT, VISIT, TASK = map(_table, (Record, RecordEvent, Visit, VisitTask))
TABLES = [TOWNSHIP, ORG, PERSON, HOUSEHOLD, GROUP, RECORD, EVENT, VISIT, TASK]  # foreign keys' order


def generate(engine: Engine, shape: Shape, seed: int = 12) -> Planted:
    """Write the county into `engine`'s migrated, empty database."""
    planted = Planted()
    with engine.begin() as conn:
        writer = _Writer(conn, planted)
        villages = _roster(writer, shape, random.Random(f"{seed}-roster"))
        writer.flush()
    for part, rng in (("closed", random.Random(f"{seed}-closed")), ("open", random.Random(f"{seed}-open"))):
        with engine.begin() as conn:
            writer.conn = conn
            (_closed if part == "closed" else _open)(writer, shape, villages, rng)
            writer.flush()
    if engine.dialect.name == "postgresql":
        _advance_sequences(engine)
    return planted


def _names(rng: random.Random, count: int) -> Iterator[str]:
    seen: set[str] = set()
    while len(seen) < count:
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            yield name


def _roster(w: _Writer, shape: Shape, rng: random.Random) -> list[_Village]:
    villages = []
    for t in range(1, shape.townships + 1):
        township = f"县{t:02d}镇"
        w.add(TOWNSHIP, id=t, name=township)
        w.add(ORG, id=t, name=township, township_id=t, kind=OrgKind.TOWNSHIP.value, settings={})
        _person(w, t, f"镇干部{t:02d}", Role.TOWNSHIP, None)
    org_id = shape.townships
    for t in range(1, shape.townships + 1):
        for v in range(1, shape.villages_per_township + 1):
            org_id += 1
            name = f"县{t:02d}镇{v:02d}村党支部"
            w.add(ORG, id=org_id, name=name, township_id=t, kind=OrgKind.VILLAGE.value, parent_id=t, settings={})
            villages.append(_village(w, shape, rng, org_id, name))
    return villages


def _person(w: _Writer, org_id: int, name: str, role: Role, hub_id: int | None) -> int:
    return w.add(
        PERSON,
        org_id=org_id,
        name=name,
        role=role.value,
        hub_id=hub_id,
        wechat_name=name,
        wechat_id=f"wx-{w.next_id(PERSON)}",
        exempt=False,
        active=True,
        extra={},
    )


def _village(w: _Writer, shape: Shape, rng: random.Random, org_id: int, name: str) -> _Village:
    people = _names(rng, 1 + shape.members_per_village + shape.households_per_village)
    secretary = _person(w, org_id, next(people), Role.SECRETARY, None)
    hubs = [_person(w, org_id, next(people), Role.HUB, None) for _ in range(shape.hubs_per_village)]
    members = hubs + [
        _person(w, org_id, next(people), Role.MEMBER, hubs[i % len(hubs)])
        for i in range(shape.members_per_village - len(hubs))
    ]
    tier1 = w.add(
        GROUP,
        org_id=org_id,
        name=f"{name}联户总群",
        tier=1,
        room_id=f"room-{w.next_id(GROUP)}",
        active=True,
        origin="roster",
    )
    groups = {}
    for member in members:
        groups[member] = w.add(
            GROUP,
            org_id=org_id,
            name=f"{member}联户群",
            tier=2,
            member_id=member,
            active=True,
            room_id=f"room-{w.next_id(GROUP)}",
            origin="roster",
        )
    households = []
    for i in range(shape.households_per_village):
        head = next(people)
        member = members[i % len(members)]
        representative = _person(w, org_id, head, Role.RESIDENT, None)
        tags = [rng.choice(FOCUS_TAGS)] if rng.random() < 0.1 else []
        household = w.add(
            HOUSEHOLD,
            org_id=org_id,
            head_name=head,
            member_id=member,
            representative_id=representative,
            focus_tags=tags,
            active=True,
            extra={},
        )
        households.append((household, member, representative))
    return _Village(org_id, secretary, members, households, groups, tier1)


def _record(
    w: _Writer, village: _Village, rng: random.Random, kind: Kind, status: Status, created: datetime, **times: Any
) -> tuple[int, tuple[int, int, int]]:
    """A record of a household of the village (drawn, unless `times` names its `home`), `times` overriding fields."""
    home = times.pop("home", None) or rng.choice(village.households)
    words, keywords = rng.choice(TEXTS)
    values = {
        "org_id": village.org_id,
        "kind": kind.value,
        "category": None if kind == Kind.VISIT else rng.choice(CATEGORIES),
        "urgency": "urgent" if kind == Kind.EMERGENCY else "normal",
        "status": status.value,
        "level": 0,
        "text": words,
        "keywords": keywords,
        "reporter_id": home[2],
        "household_id": home[0],
        "group_id": village.groups[home[1]],
        "responsible_id": home[1],
        "created_at": created,
        "updated_at": created,
        "level_since": created,
        "township_attempts": 0,
    }
    values.update(times)
    return w.add(RECORD, **values), home


def _event(
    w: _Writer, record: int, at: datetime, actor: int | None, action: str, before: str | None, after: str
) -> None:
    w.add(EVENT, record_id=record, at=at, actor_id=actor, action=action, from_status=before, to_status=after)


def _closed(w: _Writer, shape: Shape, villages: list[_Village], rng: random.Random) -> None:
    span = (YEARS * 365 - 10) * 86400
    oldest = NOW - timedelta(days=YEARS * 365)
    for _ in range(shape.closed):
        village = rng.choice(villages)
        created = oldest + timedelta(seconds=rng.randrange(span))
        roll = rng.random()
        if roll < 0.25:
            _visit_report(w, village, rng, created)
        elif roll < 0.28:
            ending = Status.WITHDRAWN if roll < 0.265 else Status.MERGED
            at = created + timedelta(hours=rng.uniform(0.1, 30))
            rid, home = _record(w, village, rng, Kind.GRIEVANCE, ending, created, closed_at=at, updated_at=at)
            _event(w, rid, created, home[2], "create", None, Status.NEW)
            _event(w, rid, at, home[1], "withdraw" if ending == Status.WITHDRAWN else "merge", Status.NEW, ending)
        else:
            _finished(w, village, rng, created, Kind.EMERGENCY if roll > 0.96 else Kind.GRIEVANCE)


def _visit_report(w: _Writer, village: _Village, rng: random.Random, created: datetime) -> None:
    home = household, member, _ = rng.choice(village.households)
    rid, _ = _record(
        w,
        village,
        rng,
        Kind.VISIT,
        Status.CLOSED,
        created,
        home=home,
        closed_at=created,
        reporter_id=member,
        text="今天走访了",
        keywords=[],
    )
    _event(w, rid, created, member, "create", None, Status.CLOSED)
    w.add(VISIT, household_id=household, member_id=member, visited_on=created.date(), at=created, record_id=rid)


def _finished(w: _Writer, village: _Village, rng: random.Random, created: datetime, kind: Kind) -> None:
    """Accepted, resolved, and rated (closed by the rating) or closed off unrated by the schedule."""
    quick = timedelta(minutes=rng.uniform(2, 14)) if kind == Kind.EMERGENCY else timedelta(hours=rng.uniform(0.2, 30))
    accepted = created + quick
    resolved = accepted + timedelta(hours=rng.uniform(1, 140))
    closed = resolved + timedelta(hours=rng.uniform(1, 72))
    rated = rng.random() < 0.9
    rating = rng.choices((5, 3, 1), (80, 15, 5))[0] if rated else None
    rid, (household, member, resident) = _record(
        w,
        village,
        rng,
        kind,
        Status.CLOSED,
        created,
        updated_at=closed,
        responded_at=accepted,
        acknowledged_at=accepted,
        resolved_at=resolved,
        closed_at=closed,
        rating=rating,
    )
    _event(w, rid, created, resident, "create", None, Status.NEW)
    _event(w, rid, accepted, member, "accept", Status.NEW, Status.ACCEPTED)
    _event(w, rid, resolved, member, "resolve", Status.ACCEPTED, Status.RESOLVED)
    _event(w, rid, closed, resident if rated else None, "rate" if rated else "close", Status.RESOLVED, Status.CLOSED)
    if kind == Kind.GRIEVANCE and rng.random() < 0.03:
        w.add(
            TASK,
            household_id=household,
            member_id=member,
            reason=rng.choice(REASONS),
            record_id=rid,
            opened_at=created,
            closed_at=resolved,
            level=0,
        )


def _open(w: _Writer, shape: Shape, villages: list[_Village], rng: random.Random) -> None:
    limits = Limits()
    for _ in range(shape.due_records):
        _due_record(w, rng.choice(villages), rng, limits)
    for _ in range(shape.due_tasks):
        _visit_task(w, rng.choice(villages), rng, due=True, limits=limits)
    for _ in range(shape.open - shape.due_records - shape.due_tasks):
        village, roll = rng.choice(villages), rng.random()
        if roll < 0.1:
            _waiting(w, village, rng, limits)
        elif roll < 0.13:
            _visit_task(w, village, rng, due=False, limits=limits)
        elif roll < 0.28:
            _awaiting_rating(w, village, rng)
        elif roll < 0.33:
            _at_township(w, village, rng)
        else:
            _answered(w, village, rng)


def _due_record(w: _Writer, village: _Village, rng: random.Random, limits: Limits) -> None:
    """Unanswered at its level past the level's limit, or reopened and not answered since."""
    kind = Kind.EMERGENCY if rng.random() < 0.2 else Kind.GRIEVANCE
    level = rng.randrange(3)
    limit = limits.at_level(kind, level)
    assert limit is not None
    since = NOW - limit - timedelta(minutes=rng.uniform(1, 600))
    created = since - timedelta(hours=rng.uniform(0, 2) if kind == Kind.EMERGENCY else rng.uniform(0, 100) * level)
    reopened = kind == Kind.GRIEVANCE and rng.random() < 0.25
    status = Status.REOPENED if reopened else Status.NEW
    acknowledged = since + timedelta(minutes=5) if reopened else None
    rid, (_, member, resident) = _record(
        w,
        village,
        rng,
        kind,
        status,
        created,
        level=level,
        level_since=since,
        updated_at=since,
        acknowledged_at=acknowledged,
    )
    _event(w, rid, created, resident, "create", None, Status.NEW)
    if reopened:
        _event(w, rid, since, resident, "reopen", Status.RESOLVED, Status.REOPENED)
    w.planted.due_records.append(rid)


def _waiting(w: _Writer, village: _Village, rng: random.Random, limits: Limits) -> None:
    """Unanswered, its clock still running."""
    kind = Kind.EMERGENCY if rng.random() < 0.05 else Kind.GRIEVANCE
    level = 0 if kind == Kind.EMERGENCY else rng.randrange(3)
    limit = limits.at_level(kind, level)
    assert limit is not None
    since = NOW - limit * rng.uniform(0.02, 0.95)
    created = since - limit * level
    rid, (_, _, resident) = _record(w, village, rng, kind, Status.NEW, created, level=level, level_since=since)
    _event(w, rid, created, resident, "create", None, Status.NEW)


def _answered(w: _Writer, village: _Village, rng: random.Random) -> None:
    """Accepted, deliberated or in progress: its clock stopped; many past the resolution limit."""
    level = rng.choices((0, 1, 2), (80, 15, 5))[0]
    created = NOW - timedelta(hours=rng.uniform(1, 60 * 24) + 24 * level)
    since = created + timedelta(hours=24 * level)
    answered = min(NOW, since + timedelta(hours=rng.uniform(0.1, 20)))
    status = rng.choice((Status.ACCEPTED, Status.DELIBERATED, Status.IN_PROGRESS))
    rid, (_, member, resident) = _record(
        w,
        village,
        rng,
        Kind.GRIEVANCE,
        status,
        created,
        level=level,
        level_since=since,
        responded_at=answered,
        acknowledged_at=answered,
        updated_at=answered,
    )
    _event(w, rid, created, resident, "create", None, Status.NEW)
    _event(w, rid, answered, member, "accept", Status.NEW, Status.ACCEPTED)


def _at_township(w: _Writer, village: _Village, rng: random.Random) -> None:
    """Climbed to the top: pending the platform, sent to it, or passed on by a cadre (转办)."""
    created = NOW - timedelta(days=rng.uniform(7, 40))
    since = created + timedelta(days=6)
    state = rng.choice(list(TownshipState))
    rid, (_, _, resident) = _record(
        w,
        village,
        rng,
        Kind.GRIEVANCE,
        Status.NEW,
        created,
        level=3,
        level_since=since,
        updated_at=since,
        township_state=state.value,
        township_ref=f"ZB-{rng.randrange(10**6):06d}" if state == "transferred" else None,
    )
    _event(w, rid, created, resident, "create", None, Status.NEW)
    for step in range(1, 4):
        _event(w, rid, created + timedelta(days=2 * step), None, "escalate", None, Status.NEW)


def _awaiting_rating(w: _Writer, village: _Village, rng: random.Random) -> None:
    created = NOW - timedelta(days=rng.uniform(1, 12))
    accepted = created + timedelta(hours=rng.uniform(0.2, 20))
    resolved = min(NOW, accepted + timedelta(hours=rng.uniform(1, 100)))
    rid, (_, member, resident) = _record(
        w,
        village,
        rng,
        Kind.GRIEVANCE,
        Status.RESOLVED,
        created,
        responded_at=accepted,
        acknowledged_at=accepted,
        resolved_at=resolved,
        updated_at=resolved,
    )
    _event(w, rid, created, resident, "create", None, Status.NEW)
    _event(w, rid, accepted, member, "accept", Status.NEW, Status.ACCEPTED)
    _event(w, rid, resolved, member, "resolve", Status.ACCEPTED, Status.RESOLVED)


def _visit_task(w: _Writer, village: _Village, rng: random.Random, *, due: bool, limits: Limits) -> None:
    """An open must-visit record chased through its task: due (past a step's limit) or not yet."""
    level = rng.randrange(2) if due else 0
    limit = limits.visit_reminder if level == 0 else limits.visit_to_hub
    opened = NOW - limit - timedelta(hours=rng.uniform(0.1, 20)) if due else NOW - limit * rng.uniform(0.05, 0.9)
    reason = rng.choice(REASONS)
    rid, (household, member, resident) = _record(w, village, rng, Kind.VISIT, Status.NEW, opened, must_visit=reason)
    _event(w, rid, opened, resident, "create", None, Status.NEW)
    task = w.add(
        TASK, household_id=household, member_id=member, reason=reason, record_id=rid, opened_at=opened, level=level
    )
    if due:
        w.planted.due_tasks.append(task)


def _advance_sequences(engine: Engine) -> None:
    """Ids were given explicitly; PostgreSQL's sequences must start after them."""
    with engine.begin() as conn:
        for table in TABLES:
            if "id" in table.c:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"), false)'
                    )
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite:///var/county.db", help="an empty database URL")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    engine = make_engine(args.db)
    migrate(engine)
    began = time.perf_counter()
    planted = generate(engine, Shape.of(args.records), args.seed)
    print(f"generated in {time.perf_counter() - began:.0f} s: {planted.counts}")
    print(f"planted due: {len(planted.due_records)} records, {len(planted.due_tasks)} tasks")
    engine.dispose()


if __name__ == "__main__":
    main()
