"""Wording formatted where no `Deps` is at hand: dates, months, quarters and durations
(`Month.label`, a record's age) and the ledger export's file, sheet and errors (the CLI exports
too). It is `formats.toml` beside this module, read once at import by `base.templates`, so a
secretary's wording file (LIANHU_TEMPLATES) does not override it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from base.templates import Templates

FORMATS_FILE = Path(__file__).with_name("formats.toml")
FIXED = Templates.read(FORMATS_FILE)
say = FIXED.render


def day_label(day: date) -> str:
    """`3月4日`."""
    return say("units.date", month=day.month, day=day.day)


def weekday_label(day: date) -> str:
    """`周三`."""
    return say(f"units.weekday.{day.weekday()}")
