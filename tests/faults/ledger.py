"""What a run leaves in the database and the sent log, reduced to what two runs must share."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import TZ
from handlers.stats import figures
from storage.enums import InboxState, OrgKind
from storage.models import InboxMessage, Organisation, OutboxMessage, Record, SendClaim, Visit

MARCH = (datetime(2026, 3, 1, tzinfo=TZ), datetime(2026, 4, 1, tzinfo=TZ))


def ledger_figures(engine: Engine) -> dict[str, object]:
    with Session(engine) as session:
        records = session.exec(select(Record)).all()
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        assert org.id is not None
        month = figures(session, org.id, *MARCH, now=MARCH[1])
        return {
            "records": sorted(Counter((r.kind, r.status, r.level, r.rating) for r in records).items(), key=repr),
            "visits": sorted(
                Counter((v.household_id, v.member_id, v.visited_on) for v in session.exec(select(Visit))).items()
            ),
            "统计": (
                month.received,
                month.responded_in_time,
                month.resolved,
                month.rated,
                month.satisfied,
                month.coverage,
                len(month.overdue),
            ),
            "claims": sorted((c.job, c.target, c.period) for c in session.exec(select(SendClaim))),
            "outbox": sorted(Counter((o.state, o.text) for o in session.exec(select(OutboxMessage))).items()),
        }


def record_id_gaps(engine: Engine) -> list[int]:
    """Record numbers never used: PostgreSQL's sequence does not give back the numbers of a
    transaction a kill aborted, so later records (and the `#N` the stream's commands name) shift."""
    with Session(engine) as session:
        ids = {r.id for r in session.exec(select(Record))}
    return sorted(set(range(1, max(ids, default=0) + 1)) - ids)  # type: ignore[type-var,operator]


def by_kind(figures: dict[str, object]) -> Counter[str]:
    """Records by kind alone: what the stream's texts decide, whatever the record numbers."""
    kinds: Counter[str] = Counter()
    for (kind, *_), n in figures["records"]:  # type: ignore[attr-defined]
        kinds[kind] += n
    return kinds


def unfinished_messages(engine: Engine, ids: list[str]) -> list[str]:
    """Messages of the stream not in the inbox, or in it but not acted on."""
    with Session(engine) as session:
        states = {row.message_id: row.state for row in session.exec(select(InboxMessage))}
    done = {InboxState.PROCESSED, InboxState.IGNORED}
    return [i for i in ids if states.get(i) not in done]


@dataclass
class Sends:
    total: int = 0
    duplicated: list[str] = field(default_factory=list)
    at_least_once: list[str] = field(default_factory=list)


def read_sends(sent_log: Path, killed_boots: set[int]) -> Sends:
    """Each send's outbox key counted; a second copy is the documented at-least-once window only
    when the first was the last thing a killed bot sent (so its acknowledgement may not have been
    committed), and then only once."""
    boots: list[list[str]] = []
    for line in sent_log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "boot" in entry:
            boots.append([])
        else:
            boots[-1].append(entry["key"])
    last_of_killed = Counter(keys[-1] for n, keys in enumerate(boots, 1) if n in killed_boots and keys)
    copies = Counter(key for keys in boots for key in keys)
    sends = Sends(total=sum(copies.values()))
    for key, n in copies.items():
        if n == 1:
            continue
        if n == 2 and last_of_killed[key] == 1:
            sends.at_least_once.append(key)
        else:
            sends.duplicated.append(key)
    return sends
