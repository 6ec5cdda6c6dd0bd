"""Builders and paths shared by the nlp tests."""

from __future__ import annotations

from pathlib import Path

from nlp.ruleset import Group, RuleSet, Settings

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "nlp"


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


def group(
    name: str,
    words: list[str],
    cue: str | None = None,
    booster: bool = False,
    situation: bool = False,
    **weights: float,
) -> Group:
    return Group(name, "test", tuple(words), tuple(weights.items()), cue, booster, situation)
