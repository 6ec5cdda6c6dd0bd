"""Upserting one kind of row: create what is new, update what changed, deactivate what is gone."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from storage.roster.report import Counts

M = TypeVar("M", bound=SQLModel)
K = TypeVar("K", bound=Hashable)

ROSTER_EXTRA = "roster"
"""Key under `extra` holding the roster's unknown columns; other keys belong to the rest of the bot."""


def sync(
    session: Session,
    existing: Mapping[K, M],
    wanted: Mapping[K, dict[str, Any]],
    make: Callable[..., M],
    counts: Counts,
) -> dict[K, M]:
    """Rows for every wanted key, flushed so they have ids; rows not wanted are deactivated, never deleted."""
    rows: dict[K, M] = {}
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            row = make(**_fresh(values))
            session.add(row)
            counts.created += 1
        elif assign(row, {**values, "active": True}):
            counts.updated += 1
        else:
            counts.unchanged += 1
        rows[key] = row
    for key, row in existing.items():
        if key not in wanted and getattr(row, "active", False):
            row.active = False
            counts.deactivated += 1
    session.flush()
    return rows


def assign(row: SQLModel, values: Mapping[str, Any]) -> bool:
    """Set `values` on `row`; True when anything changed. `extra` replaces only the roster's part."""
    changed = False
    for name, value in values.items():
        current = getattr(row, name)
        if name == "extra":
            value = _merged_extra(current or {}, value)
        if current != value:
            setattr(row, name, value)
            changed = True
    return changed


def _fresh(values: Mapping[str, Any]) -> dict[str, Any]:
    return {**values, "extra": _merged_extra({}, values["extra"])} if "extra" in values else dict(values)


def _merged_extra(current: Mapping[str, Any], roster: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: value for key, value in current.items() if key != ROSTER_EXTRA}
    if roster:
        merged[ROSTER_EXTRA] = dict(roster)
    return merged
