"""Upserting one kind of row: create what is new, update what changed, deactivate what is gone."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from storage.roster.report import ImportReport, describe_changes

M = TypeVar("M", bound=SQLModel)
K = TypeVar("K", bound=Hashable)

ROSTER_EXTRA = "roster"
"""Key under `extra` holding the roster's unknown columns; other keys belong to the rest of the bot."""


def sync(
    session: Session,
    kind: str,
    matched: Mapping[K, M],
    wanted: Mapping[K, dict[str, Any]],
    *,
    report: ImportReport,
    make: Callable[..., M],
    names: Mapping[int, str],
    name_of: Callable[[M], str],
) -> dict[K, M]:
    """Rows for every wanted key, flushed so they have ids: `matched` ones updated in place, the rest new.

    `names` (person ids to names) lets the report say who a changed reference points to.
    """
    rows: dict[K, M] = {}
    for key, values in wanted.items():
        row = matched.get(key)
        if row is None:
            row = make(**_fresh(values))
            session.add(row)
            report.note_added(kind, name_of(row))
        else:
            before = name_of(row)
            changed = assign(row, {**values, "active": True})
            if changed:
                report.note_updated(kind, before, describe_changes(changed, names))
            else:
                report.note_unchanged(kind)
        rows[key] = row
    session.flush()
    return rows


def deactivate(rows: Iterable[M], kind: str, report: ImportReport, name_of: Callable[[M], str]) -> None:
    """Rows the roster no longer lists: kept (the ledger points at them) but inactive."""
    for row in rows:
        if getattr(row, "active", False):
            row.active = False
            report.note_deactivated(kind, name_of(row))


def assign(row: SQLModel, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set `values` on `row`; what changed, as old and new value. `extra` replaces only the roster's part."""
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        current = getattr(row, name)
        if name == "extra":
            value = _merged_extra(current or {}, value)
        if current != value:
            setattr(row, name, value)
            changed[name] = (current, value)
    return changed


def _fresh(values: Mapping[str, Any]) -> dict[str, Any]:
    return {**values, "extra": _merged_extra({}, values["extra"])} if "extra" in values else dict(values)


def _merged_extra(current: Mapping[str, Any], roster: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: value for key, value in current.items() if key != ROSTER_EXTRA}
    if roster:
        merged[ROSTER_EXTRA] = dict(roster)
    return merged
