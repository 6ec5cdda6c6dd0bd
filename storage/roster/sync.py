"""Upserting one kind of row: create what is new, update what changed, deactivate what is gone.

Existing rows are plain dicts read with one query (`load_rows`), new rows go in with one bulk
INSERT … RETURNING and changed rows with one bulk UPDATE by primary key: a county re-imports 300
rosters of 2,000 rows each, and building an ORM object per row cost more than the database did.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Text, UniqueConstraint, cast, insert, select, update
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, SQLModel

from storage.roster.report import ImportReport, describe_changes

K = TypeVar("K", bound=Hashable)
Row = dict[str, Any]
"""A row as its column values, `id` included."""

ROSTER_EXTRA = "roster"
"""Key under `extra` holding the roster's unknown columns; other keys belong to the rest of the bot."""


def load_rows(session: Session, model: type[SQLModel], *where: ColumnElement[bool]) -> dict[int, Row]:
    """The rows of `model` matching `where`, by id, in id order.

    JSON columns are read as text and each distinct text decoded once: SQLAlchemy decoded every
    row's `extra` and `focus_tags`, most of them alike, and that was half of reading a village.
    Rows holding the same text share its value: replace it, never change it in place. They are
    read on the session's connection, past the ORM's result layer (and its autoflush: the import
    writes these tables with Core statements, nothing of them is pending).
    """
    table = model.__table__  # type: ignore[attr-defined]
    json_columns = [column.name for column in table.c if isinstance(column.type, JSON)]
    columns = [cast(c, Text).label(c.name) if c.name in json_columns else c for c in table.c]
    result = session.connection().execute(select(*columns).where(*where).order_by(table.c.id))
    keys = list(result.keys())
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in result}
    decoded: dict[str, Any] = {}
    for row in rows.values():
        for name in json_columns:
            text = row[name]
            if (value := decoded.get(text)) is None:
                value = decoded[text] = json.loads(text)
            row[name] = value
    return rows


def sync(
    session: Session,
    model: type[SQLModel],
    kind: str,
    matched: Mapping[K, Row],
    wanted: Mapping[K, dict[str, Any]],
    *,
    report: ImportReport,
    fixed: Mapping[str, Any],
    names: Mapping[int, str],
    name_of: Callable[[Mapping[str, Any]], str],
) -> dict[K, int]:
    """The id of every wanted key: `matched` rows updated in place, the rest inserted with `fixed` values.

    `names` (person ids to names) lets the report say who a changed reference points to.
    """
    ids: dict[K, int | None] = {}
    fresh: list[Row] = []
    updates: list[Row] = []
    for key, values in wanted.items():
        row = matched.get(key)
        if row is None:
            fresh.append({**defaults(model), **fixed, **_fresh(values)})
            report.note_added(kind, name_of(values))
            ids[key] = None
            continue
        before = name_of(row)
        updated = {**values, "active": True}
        changed = assign(row, updated)
        if changed:
            # every column the roster sets, not only those that changed: rows alike in their keys go
            # in one executemany, where a statement per set of changed columns cost a round trip each
            updates.append({"id": row["id"], **{name: row[name] for name in updated}})
            report.note_updated(kind, before, describe_changes(changed, names))
        else:
            report.note_unchanged(kind)
        ids[key] = row["id"]
    if updates:
        session.execute(update(model), updates)
    if fresh:
        new_ids = iter(_insert(session, model, fresh, fixed))
        ids = {key: next(new_ids) if row_id is None else row_id for key, row_id in ids.items()}
    return ids  # type: ignore[return-value]


def _insert(session: Session, model: type[SQLModel], rows: list[Row], fixed: Mapping[str, Any]) -> list[int]:
    """Insert `rows`, then read their ids back by the table's unique key.

    (INSERT … RETURNING in parameter order runs one statement a row on SQLite; the read-back is one
    query, over the rows of the scope whose first key column not in `fixed` takes an inserted value.)
    """
    table = model.__table__  # type: ignore[attr-defined]
    session.execute(insert(table), rows)
    unique = _unique_key(table)
    scope = [table.c[name] == value for name, value in fixed.items()]
    named = next(name for name in unique if name not in fixed)
    scope.append(table.c[named].in_({row[named] for row in rows}))
    found = session.execute(select(table.c.id, *(table.c[name] for name in unique)).where(*scope))
    ids = {tuple(key): row_id for row_id, *key in found}
    return [ids[tuple(row[name] for name in unique)] for row in rows]


@cache
def _unique_key(table: Any) -> tuple[str, ...]:
    constraint = next(c for c in table.constraints if isinstance(c, UniqueConstraint))
    return tuple(column.name for column in constraint.columns)


def deactivate(
    session: Session,
    model: type[SQLModel],
    rows: Iterable[Row],
    kind: str,
    report: ImportReport,
    name_of: Callable[[Mapping[str, Any]], str],
) -> None:
    """Rows the roster no longer lists: kept (the ledger points at them) but inactive."""
    gone = []
    for row in rows:
        if row.get("active", False):
            row["active"] = False
            gone.append({"id": row["id"], "active": False})
            report.note_deactivated(kind, name_of(row))
    if gone:
        session.execute(update(model), gone)


def assign(row: Row, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set `values` on `row`; what changed, as old and new value. `extra` replaces only the roster's part."""
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        current = row[name]
        if name == "extra":
            value = _merged_extra(current or {}, value)
        if current != value:
            row[name] = value
            changed[name] = (current, value)
    return changed


@cache
def defaults(model: type[SQLModel]) -> Mapping[str, Any]:
    """The model's field defaults, for a bulk INSERT (which does not run them)."""
    return {name: value for name, value in model().model_dump().items() if name != "id"}


def _fresh(values: Mapping[str, Any]) -> dict[str, Any]:
    return {**values, "extra": _merged_extra({}, values["extra"])} if "extra" in values else dict(values)


def _merged_extra(current: Mapping[str, Any], roster: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: value for key, value in current.items() if key != ROSTER_EXTRA}
    if roster:
        merged[ROSTER_EXTRA] = dict(roster)
    return merged
