"""What an import did (or, in a dry run, would do), counted per kind of row."""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_LABELS = {
    "organisation": "党组织",
    "party": "党员",
    "resident": "联系户代表",
    "household": "联系户",
    "group": "群",
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}，停用 {self.deactivated}"


@dataclass
class ImportReport:
    organisation: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KIND_LABELS})
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        title = "花名册检查通过（试运行，未写入数据库）" if self.dry_run else "花名册导入完成"
        lines = [f"{title}：{self.organisation}"]
        lines += [f"  {KIND_LABELS[kind]}：{counts}" for kind, counts in self.counts.items()]
        lines += [f"  提示：{warning}" for warning in self.warnings]
        return "\n".join(lines)
