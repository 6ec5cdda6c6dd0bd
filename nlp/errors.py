"""The one error a rules file can raise."""

from __future__ import annotations


class RulesError(ValueError):
    """A rules file is unreadable or invalid.

    The message names the file and the entry so a log line is enough to find the mistake; a
    Chinese hint follows for the secretary who edited the file.
    """

    def __init__(self, source: str, entry: str, problem: str) -> None:
        self.source = source
        self.entry = entry
        self.problem = problem
        super().__init__(f"{source}: {entry}: {problem} (规则文件有误:请检查 {source} 中的“{entry}”)")
