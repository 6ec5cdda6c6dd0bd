"""`count_matters` and the overdue test in SQL: counts grouped in the database, not rows read into Python.

A township's month is about 1,500 records and its year 17,000 at county size; building a `Record`
(or even a row of datetimes) for each cost most of `/统计` and the console's figures. Here the
database counts them per organisation and per key (a month, a member, a kind). Every comparison
is the one `count_matters` and `is_overdue` make: the time limits are compared as bound
datetimes (`created_at < now - limit`), except "answered within the response limit", a
difference of two columns: the database's own seconds decide every record more than a second
from its limit, and the few within a second of it are read and decided in Python, exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, literal, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from handlers.counts import MatterCounts
from handlers.escalation.limits import Limits
from handlers.records.feedback import SATISFIED_FROM
from handlers.records.lifecycle import VOID, is_open
from storage.enums import Kind, Status
from storage.models import Record

BAND = 1.0  # seconds either side of a response limit that Python decides, not the database's float seconds
NONE = MatterCounts(0, 0, 0, 0, 0)


def summed(parts: Iterable[MatterCounts]) -> MatterCounts:
    """Several sets of records' counts taken together."""
    items = list(parts)
    return MatterCounts(*(sum(getattr(c, name) for c in items) for name in vars(NONE)))


def matters() -> list[ColumnElement[bool]]:
    """What `count_matters` counts: not a visit, neither merged nor withdrawn."""
    return [col(Record.kind) != Kind.VISIT, col(Record.status).not_in([s.value for s in VOID])]


def _seconds_to_response(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(col(Record.responded_at)) - func.julianday(col(Record.created_at))) * 86400.0
    return func.extract("epoch", col(Record.responded_at) - col(Record.created_at))


def _response_limit(org_limits: Mapping[int, Limits]) -> ColumnElement[Any]:
    """Each record's response limit in seconds, from its organisation's limits and its kind."""
    by_limits: dict[Limits, list[int]] = defaultdict(list)
    for org_id, limits in org_limits.items():
        by_limits[limits].append(org_id)
    emergency = col(Record.kind) == Kind.EMERGENCY
    whens: list[tuple[ColumnElement[bool], float]] = []
    for limits, orgs in by_limits.items():
        here = col(Record.org_id).in_(orgs)
        whens.append((and_(here, emergency), limits.response(Kind.EMERGENCY).total_seconds()))
        whens.append((here, limits.response(Kind.GRIEVANCE).total_seconds()))  # every other kind
    return case(*whens, else_=None)


def tally(
    session: Session, org_limits: Mapping[int, Limits], *where: ColumnElement[bool], key: Any = None
) -> dict[tuple[int, Any], MatterCounts]:
    """`count_matters` of the matters of the organisations in `org_limits` (each counted under its own
    limits) that meet `where`, per (organisation, `key`); `key` None counts each organisation whole."""
    keyed = [col(Record.org_id).label("org")] + ([] if key is None else [key.label("key")])
    scope = [col(Record.org_id).in_(list(org_limits)), *matters(), *where]
    waited, limit = _seconds_to_response(session), _response_limit(org_limits)
    # Each record's flags in a subquery, grouped outside it: PostgreSQL matches a GROUP BY to a
    # select-list expression only without bound parameters, and a month's bucket has some.
    rows = (
        sa_select(
            *keyed,
            _flag(waited <= limit - BAND).label("in_time"),
            _flag(or_(col(Record.resolved_at).is_not(None), col(Record.status) == Status.CLOSED)).label("resolved"),
            _flag(col(Record.rating).is_not(None)).label("rated"),
            _flag(col(Record.rating) >= SATISFIED_FROM).label("satisfied"),
            _flag(and_(waited > limit - BAND, waited <= limit + BAND)).label("near"),
        )
        .where(*scope)
        .subquery()
    )
    group = [rows.c.org] + ([] if key is None else [rows.c.key])
    sums = [func.sum(c) for c in (rows.c.in_time, rows.c.resolved, rows.c.rated, rows.c.satisfied, rows.c.near)]
    found: dict[tuple[int, Any], list[int]] = {}
    near_limit = 0
    for org, *rest in session.execute(sa_select(*group, func.count(), *sums).group_by(*group)):
        grouping = rest[:-6] if key is not None else []
        *counts, near_here = (int(n or 0) for n in rest[-6:])
        found[(org, grouping[0] if grouping else None)] = counts
        near_limit += near_here
    if near_limit:
        _decide_near(session, org_limits, keyed, scope, waited, limit, key is not None, found)
    return {grouping: MatterCounts(*counts) for grouping, counts in found.items()}


def _decide_near(
    session: Session,
    org_limits: Mapping[int, Limits],
    keyed: list[Any],
    scope: list[ColumnElement[bool]],
    waited: ColumnElement[Any],
    limit: ColumnElement[Any],
    has_key: bool,
    found: dict[tuple[int, Any], list[int]],
) -> None:
    """The answers within a second of their limit, read and compared exactly (as `count_matters` does)."""
    near = sa_select(*keyed, col(Record.kind), col(Record.created_at), col(Record.responded_at)).where(
        *scope, waited > limit - BAND, waited <= limit + BAND
    )
    for org, *rest in session.execute(near):
        kind, created_at, responded_at = rest[-3:]
        if responded_at - created_at <= org_limits[org].response(kind):
            found[(org, rest[0] if has_key else None)][1] += 1


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def per_key(found: Mapping[tuple[int, Any], MatterCounts]) -> dict[Any, MatterCounts]:
    """`tally`'s counts summed over the organisations."""
    keyed: dict[Any, list[MatterCounts]] = defaultdict(list)
    for (_, key), counts in found.items():
        keyed[key].append(counts)
    return {key: summed(parts) for key, parts in keyed.items()}


def created_in(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [col(Record.created_at) >= start, col(Record.created_at) < end]


def bucket(bounds: list[datetime]) -> ColumnElement[Any]:
    """Which span between consecutive `bounds` a record was created in (0 for the first); `created_in`
    the first and last bound keeps out the rest."""
    inner = bounds[1:-1]
    if not inner:
        return literal(0)
    return case(*((col(Record.created_at) < end, i) for i, end in enumerate(inner)), else_=len(inner))


def created_before_limit(org_limits: Mapping[int, Limits], moment: datetime) -> ColumnElement[bool]:
    """Created more than its organisation's resolution limit before `moment`, for a query that reads
    the records of the organisations in `org_limits` only."""
    by_cutoff: dict[datetime, list[int]] = defaultdict(list)
    for org_id, limits in org_limits.items():
        by_cutoff[moment - limits.resolution].append(org_id)
    if len(by_cutoff) == 1:  # the caller reads these organisations only; a plain bound lets SQLite use an index
        return col(Record.created_at) < next(iter(by_cutoff))
    past = [and_(col(Record.org_id).in_(orgs), col(Record.created_at) < cutoff) for cutoff, orgs in by_cutoff.items()]
    return or_(false(), *past)


def overdue_at(org_limits: Mapping[int, Limits], now: datetime) -> ColumnElement[bool]:
    """`is_overdue` at `now`: a matter still open, created more than its organisation's resolution limit
    before (for a query that reads the records of the organisations in `org_limits` only)."""
    return and_(col(Record.kind) != Kind.VISIT, is_open(), created_before_limit(org_limits, now))
