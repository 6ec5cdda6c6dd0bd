"""The intake's word lists, data files beside this module, read once at start."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


def _load(name: str) -> dict[str, object]:
    return tomllib.loads((HERE / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class VisitWords:
    """How staff say a visit is done, and how they say one is only planned."""

    acts: tuple[re.Pattern[str], ...]
    plans: re.Pattern[str]
    done: re.Pattern[str]

    def reports_visit(self, text: str) -> bool:
        acts = [act.search(text) for act in self.acts]
        if not any(acts):
            return False
        planned = self.plans.search(text) is not None
        return not planned or any(self.done.search(found.group()) for found in acts if found)


@dataclass(frozen=True)
class PlaceWords:
    names: tuple[str, ...]
    numbered: re.Pattern[str]


def _visit_words() -> VisitWords:
    data = _load("visit_words.toml")
    return VisitWords(
        acts=tuple(re.compile(str(act)) for act in data["acts"]),  # type: ignore[attr-defined]
        plans=re.compile(str(data["plans"])),
        done=re.compile(str(data["done"])),
    )


def _place_words() -> PlaceWords:
    data = _load("place_words.toml")
    names = sorted((str(name) for name in data["names"]), key=len, reverse=True)  # type: ignore[attr-defined]
    return PlaceWords(names=tuple(names), numbered=re.compile(str(data["numbered"])))


VISIT_WORDS = _visit_words()
PLACE_WORDS = _place_words()
