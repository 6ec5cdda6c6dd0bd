"""What an import did (or, in a dry run, would do): counts per kind of row, and which rows changed how.

The report is data a console can render; `lines()` is the secretary's reading of it (the CLI prints it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from storage.enums import GroupOrigin, Role

KIND_LABELS = {
    "organisation": "党组织",
    "party": "党员",
    "resident": "联系户代表",
    "household": "联系户",
    "group": "群",
}
ROLE_LABELS = {Role.SECRETARY: "书记", Role.HUB: "中心户长", Role.MEMBER: "党员", Role.RESIDENT: "联系户代表"}
LISTED_PER_KIND = 20
"""Names listed per kind and section in `lines()`; the data holds them all (a county adds 300k households)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，停用 {self.deactivated}"


@dataclass(frozen=True)
class Change:
    """One column of one row: its label as the roster names it, and the values as the roster shows them."""

    column: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.column} {self.old or '（空）'} → {self.new or '（空）'}"


@dataclass(frozen=True)
class RowChange:
    kind: str
    """A key of `KIND_LABELS`."""
    name: str
    changes: tuple[Change, ...] = ()

    def __str__(self) -> str:
        return f"{self.name}：{'；'.join(map(str, self.changes))}" if self.changes else self.name


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
        title = "花名册检查通过（试运行，未写入数据库）" if self.dry_run else "花名册导入完成"
        lines = [f"{title}：{self.organisation}"]
        lines += [f"  {KIND_LABELS[kind]}：{counts}" for kind, counts in self.counts.items()]
        lines += _section("新增", self.added)
        lines += _section("更新", self.updated)
        lines += _section("停用", self.deactivated)
        if self.kept_groups:
            lines.append(f"不在花名册（仍在使用，由 /绑定 绑定）：群 {'、'.join(self.kept_groups)}")
        lines += [f"  提示：{warning}" for warning in self.warnings]
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _section(title: str, rows: list[RowChange]) -> list[str]:
    if not rows:
        return []
    lines = [f"{title}："]
    for kind in KIND_LABELS:
        of_kind = [row for row in rows if row.kind == kind]
        if not of_kind:
            continue
        listed = of_kind[:LISTED_PER_KIND]
        more = f" 等，共 {len(of_kind)} 个" if len(of_kind) > len(listed) else ""
        if any(row.changes for row in listed):
            lines.append(f"  {KIND_LABELS[kind]}：")
            lines += [f"    {row}" for row in listed]
            lines += [f"    …{more}"] if more else []
        else:
            lines.append(f"  {KIND_LABELS[kind]}：{'、'.join(row.name for row in listed)}{more}")
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
_COLUMNS: dict[str, tuple[str, _Show]] = {
    "name": ("姓名", _text),
    "head_name": ("户主", _text),
    "role": ("角色", lambda value, _: ROLE_LABELS.get(value, str(value))),
    "hub_id": ("中心户", _person),
    "member_id": ("联系党员", _person),
    "representative_id": ("代表", _person),
    "wechat_name": ("微信昵称", _text),
    "phone": ("手机", _text),
    "birth_year": ("出生年份", _text),
    "exempt": ("免于联户", lambda value, _: "是" if value else "否"),
    "address": ("住址", _text),
    "focus_tags": ("重点户", lambda value, _: "、".join(value or ())),
    "extra": ("其他列", _extra),
    "tier": ("层级", lambda value, _: {1: "一级", 2: "二级"}.get(value, str(value))),
    "origin": ("来源", lambda value, _: "花名册" if value == GroupOrigin.ROSTER else "/绑定"),
    "active": ("状态", lambda value, _: "在用" if value else "停用"),
}
