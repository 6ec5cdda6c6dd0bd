"""Calendar months in Asia/Shanghai: "本月", "上月", "2026-03"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from base.clock import TZ
from handlers.formats import say


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
        return say("units.month", year=self.year, month=self.month)


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def of(cls, moment: datetime) -> Quarter:
        month = Month.of(moment)
        return cls(month.year, (month.month - 1) // 3 + 1)

    @property
    def months(self) -> list[Month]:
        return [Month(self.year, 3 * self.quarter - 2 + i) for i in range(3)]

    @property
    def start(self) -> datetime:
        return self.months[0].start

    @property
    def end(self) -> datetime:
        return self.months[-1].end

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"

    @property
    def label(self) -> str:
        return say("units.quarter", year=self.year, quarter=self.quarter)
