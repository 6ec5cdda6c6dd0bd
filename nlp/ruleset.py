"""The validated, immutable form of the rules files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nlp.vocab import CATEGORIES, KINDS, Cue, Kind, Reason, Role, Urgency

if TYPE_CHECKING:
    from nlp.learnt import Learnt


_CATEGORIES = frozenset(CATEGORIES)
_KINDS = frozenset(KINDS)


@dataclass(frozen=True, slots=True)
class Group:
    """Words that count the same way, with the weights they add to each target.

    A target is a kind, a must-visit reason or a category. A `booster` group only adds to a
    kind that already has evidence from other words ("快来" alone is not an emergency). A group
    with a `cue` changes how other words count (see `nlp.vocab.Cue`). A `situation` group
    reveals a must-visit situation (住院, 结婚); its visit weight yields to a request. An
    `inside` group lists morphemes (血, 淹, 未归) that count wherever they occur inside a word
    that no other rule lists, so wording the rules never saw (满脸是血, 至今未归) still counts
    however jieba cuts it.
    """

    name: str
    source: str
    words: tuple[str, ...]
    weights: tuple[tuple[str, float], ...] = ()
    cue: Cue | None = None
    booster: bool = False
    situation: bool = False
    why: str = ""
    inside: bool = False
    # Derived from `weights` once, for the per-message loops (`nlp.scan`, `nlp.scoring`,
    # `nlp.decide`), which would otherwise re-examine every weight of every hit.
    emergency: bool = field(default=False, init=False, repr=False, compare=False)
    problem: bool = field(default=False, init=False, repr=False, compare=False)
    plan: tuple[tuple[str, float, bool, bool], ...] = field(default=(), init=False, repr=False, compare=False)
    targets: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    targets_after: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        targets = frozenset(target for target, _ in self.weights)
        derived = {
            # Counts for an emergency, so the message's film/forecast/after-the-fact cues apply.
            "emergency": "emergency" in targets,
            # Names a problem, which a closer (已经修好) closes.
            "problem": "grievance" in targets or "emergency" in targets,
            # (target, weight, is a category, is a kind) per weight, in the rule's order.
            "plan": tuple((t, w, t in _CATEGORIES, t in _KINDS) for t, w in self.weights),
            "targets": targets,
            # The targets when told after the fact: an emergency word is visit evidence then.
            "targets_after": frozenset("visit" if t == "emergency" else t for t in targets),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Settings:
    max_chars: int = 2000
    negation_window: int = 3
    none_baseline: float = 1.0
    temperature: float = 2.0
    past_visit_factor: float = 0.5
    thresholds: Mapping[str, float] = field(
        default_factory=lambda: {
            "emergency": 3.0,
            "grievance": 2.0,
            "visit": 2.0,
            "reason": 2.0,
            "category": 1.0,
        }
    )
    urgency: Mapping[Kind, Urgency] = field(
        default_factory=lambda: {
            "emergency": "critical",
            "grievance": "normal",
            "visit": "low",
            "none": "low",
        }
    )


@dataclass(frozen=True, slots=True)
class RuleSet:
    groups: tuple[Group, ...]
    settings: Settings
    roles: Mapping[Role, Mapping[Kind, float]]
    reason_category: Mapping[Reason, str]
    reason_default_category: Mapping[Reason, str]
    reason_urgency: Mapping[Reason, Urgency]
    sources: tuple[str, ...]
    learnt: Learnt | None = None  # the learnt models (learnt.toml), if any

    def words(self) -> frozenset[str]:
        return frozenset(word for group in self.groups for word in group.words)

    def whole_words(self) -> frozenset[str]:
        """The words matched as whole tokens (every rule word but the `inside` morphemes)."""
        return frozenset(word for group in self.groups if not group.inside for word in group.words)
