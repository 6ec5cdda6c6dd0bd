"""What an import did (or, in a dry run, would do): counts per kind of row, and which rows changed how.

The report is data a console can render; `lines()` is the secretary's reading of it (the CLI prints it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storage.enums import GroupOrigin, Role
from storage.roster.wording import say

KIND_LABELS = {
    kind: say(f"roster.report.kind.{kind}") for kind in ("organisation", "party", "resident", "household", "group")
}
ROLE_LABELS = {
    role: say(f"roster.report.role.{role}") for role in (Role.SECRETARY, Role.HUB, Role.MEMBER, Role.RESIDENT)
}
LISTED_PER_KIND = 20
"""Names listed per kind and section in `lines()`; the data holds them all (a county adds 300k households)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0

    def __str__(self) -> str:
        return say("roster.report.counts", **vars(self))


@dataclass(frozen=True)
class Change:
    """One column of one row: its label as the roster names it, and the values as the roster shows them."""

    column: str
    old: str
    new: str

    def __str__(self) -> str:
        empty = say("roster.report.empty")
        return say("roster.report.change", column=self.column, old=self.old or empty, new=self.new or empty)


@dataclass(frozen=True)
class RowChange:
    kind: str
    """A key of `KIND_LABELS`."""
    name: str
    changes: tuple[Change, ...] = ()

    def __str__(self) -> str:
        changes = "；".join(map(str, self.changes))
        return say("roster.report.row_changes", name=self.name, changes=changes) if self.changes else self.name


@dataclass
class ImportReport:
    organisation: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KIND_LABELS})
    added: list[RowChange] = field(default_factory=list)
    updated: list[RowChange] = field(default_factory=list)
    deactivated: list[RowChange] = field(default_factory=list)
    kept_groups: list[str] = field(default_factory=list)
    """Groups a secretary bound with /绑定 that the roster does not list: still active."""
    warnings: list[str] = field(default_factory=list)

    def note_added(self, kind: str, name: str) -> None:
        self.counts[kind].created += 1
        self.added.append(RowChange(kind, name))

    def note_updated(self, kind: str, name: str, changes: tuple[Change, ...]) -> None:
        self.counts[kind].updated += 1
        self.updated.append(RowChange(kind, name, changes))

    def note_unchanged(self, kind: str) -> None:
        self.counts[kind].unchanged += 1

    def note_deactivated(self, kind: str, name: str) -> None:
        self.counts[kind].deactivated += 1
        self.deactivated.append(RowChange(kind, name))

    def lines(self) -> list[str]:
        title = say("roster.report.dry_run" if self.dry_run else "roster.report.done", organisation=self.organisation)
        lines = [title]
        lines += [
            "  " + say("roster.report.kind_counts", kind=KIND_LABELS[k], counts=c) for k, c in self.counts.items()
        ]
        lines += _section(say("roster.report.added"), self.added)
        lines += _section(say("roster.report.updated"), self.updated)
        lines += _section(say("roster.report.deactivated"), self.deactivated)
        if self.kept_groups:
            lines.append(say("roster.report.kept_groups", names="、".join(self.kept_groups)))
        lines += ["  " + say("roster.report.warning", warning=warning) for warning in self.warnings]
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _section(title: str, rows: list[RowChange]) -> list[str]:
    if not rows:
        return []
    lines = [title]
    for kind in KIND_LABELS:
        of_kind = [row for row in rows if row.kind == kind]
        if not of_kind:
            continue
        listed = of_kind[:LISTED_PER_KIND]
        more = " " + say("roster.report.more", count=len(of_kind)) if len(of_kind) > len(listed) else ""
        if any(row.changes for row in listed):
            lines.append("  " + say("roster.report.kind_rows", kind=KIND_LABELS[kind]))
            lines += [f"    {row}" for row in listed]
            lines += [f"    …{more}"] if more else []
        else:
            names = "、".join(row.name for row in listed)
            lines.append("  " + say("roster.report.kind_names", kind=KIND_LABELS[kind], names=names) + more)
    return lines


def describe_changes(changed: Mapping[str, tuple[Any, Any]], names: Mapping[int, str]) -> tuple[Change, ...]:
    """The changed fields of one row in the roster's words; `names` turns person ids into names."""
    changes = []
    for name, (old, new) in changed.items():
        column, show = _COLUMNS[name]
        changes.append(Change(column, show(old, names), show(new, names)))
    return tuple(changes)


def _text(value: Any, names: Mapping[int, str]) -> str:
    return "" if value is None else str(value)


def _person(value: Any, names: Mapping[int, str]) -> str:
    return "" if value is None else names.get(value, f"#{value}")


def _extra(value: Any, names: Mapping[int, str]) -> str:
    return "，".join(f"{column}={cell}" for column, cell in (value or {}).get("roster", {}).items())


_Show = Callable[[Any, Mapping[int, str]], str]


def _value(key: str) -> str:
    return say(f"roster.report.value.{key}")


_TIERS = {1: "tier_1", 2: "tier_2"}
_SHOWN: dict[str, _Show] = {
    "name": _text,
    "head_name": _text,
    "role": lambda value, _: ROLE_LABELS.get(value, str(value)),
    "hub_id": _person,
    "member_id": _person,
    "representative_id": _person,
    "wechat_name": _text,
    "phone": _text,
    "birth_year": _text,
    "exempt": lambda value, _: _value("yes" if value else "no"),
    "address": _text,
    "focus_tags": lambda value, _: "、".join(value or ()),
    "extra": _extra,
    "tier": lambda value, _: _value(_TIERS[value]) if value in _TIERS else str(value),
    "origin": lambda value, _: _value("from_roster" if value == GroupOrigin.ROSTER else "from_bind"),
    "active": lambda value, _: _value("in_use" if value else "stopped"),
}
# Each field as the roster's column names it, and how its values read.
_COLUMNS: dict[str, tuple[str, _Show]] = {
    name: (say(f"roster.report.column.{name}"), show) for name, show in _SHOWN.items()
}
