"""The intake's word lists, data files beside this module, read once at start."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# how far past a visit act its completion may be written ("上门看望过了")
DONE_AFTER = 3


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((HERE / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class VisitWords:
    """How staff say a visit is done, and how they say one is only planned."""

    acts: tuple[re.Pattern[str], ...]
    plans: re.Pattern[str]
    done: re.Pattern[str]

    def reports_visit(self, text: str) -> bool:
        """An act named ("上门看望"), and done ("看望了") wherever a plan is named too ("明天再去")."""
        acts = [found for act in self.acts if (found := act.search(text))]
        if not acts or self.plans.search(text) is None:
            return bool(acts)
        return any(self.done.search(text, found.start(), found.end() + DONE_AFTER) for found in acts)


@dataclass(frozen=True)
class PlaceWords:
    names: tuple[str, ...]
    numbered: re.Pattern[str]


def _visit_words() -> VisitWords:
    data = _load("visit_words.toml")
    return VisitWords(
        acts=tuple(re.compile(str(act)) for act in data["acts"]),
        plans=re.compile(str(data["plans"])),
        done=re.compile(str(data["done"])),
    )


def _place_words() -> PlaceWords:
    data = _load("place_words.toml")
    names = sorted((str(name) for name in data["names"]), key=len, reverse=True)
    return PlaceWords(names=tuple(names), numbered=re.compile(str(data["numbered"])))


VISIT_WORDS = _visit_words()
PLACE_WORDS = _place_words()
