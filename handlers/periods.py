"""Calendar months in Asia/Shanghai: "本月", "上月", "2026-03"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import TZ


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, moment: datetime) -> Month:
        local = moment.astimezone(TZ)
        return cls(local.year, local.month)

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=TZ)

    @property
    def end(self) -> datetime:
        return self.next().start

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"
