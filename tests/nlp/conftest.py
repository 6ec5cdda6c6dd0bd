"""Shared fixtures for the nlp tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without the repository on the path
    sys.path.insert(0, str(ROOT))

from nlp import Classifier, default_classifier  # noqa: E402
from nlp.ruleset import Group, RuleSet, Settings  # noqa: E402

DATA = ROOT / "tests" / "data" / "nlp"


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return default_classifier()


def make_rules(*groups: Group, **settings: object) -> RuleSet:
    """A small rule set built in code, for tests of one mechanism at a time."""
    return RuleSet(
        groups=groups,
        settings=Settings(**settings),
        roles={"member": {"visit": 1.0}},
        reason_category={"dispute": "矛盾纠纷"},
        reason_default_category={"hardship": "民政"},
        reason_urgency={"petition": "high"},
        sources=("test",),
    )


def group(name: str, words: list[str], cue: str | None = None, booster: bool = False,
          situation: bool = False, **weights: float) -> Group:
    return Group(name, "test", tuple(words), tuple(weights.items()), cue, booster, situation)
