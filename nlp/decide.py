"""From scores to the answer: kind, must-visit reason, category, urgency, keywords, confidence."""

from __future__ import annotations

import math
from collections.abc import Mapping

from nlp.result import Classification
from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE, PAST, Hit
from nlp.scoring import Scores
from nlp.vocab import CATEGORIES, KINDS, REASONS, URGENCIES, Kind, Reason, Urgency

_CATEGORIES = frozenset(CATEGORIES)


def choose_kind(scores: Mapping[str, float], thresholds: Mapping[str, float]) -> Kind:
    """Emergency first, since a missed one costs most; then the stronger record kind.

    A record needs its threshold and must outweigh the evidence for `none` (notices,
    thanks, chit-chat), which starts at the baseline. A tie between grievance and visit goes
    to the grievance: a request left unanswered costs more than a visit filed as a request.
    """
    none = scores.get("none", 0.0)
    emergency = scores.get("emergency", 0.0)
    grievance = scores.get("grievance", 0.0)
    visit = scores.get("visit", 0.0)
    if emergency >= thresholds["emergency"] and emergency >= max(none, grievance, visit):
        return "emergency"
    if grievance >= thresholds["grievance"] and grievance > none and grievance >= visit:
        return "grievance"
    if visit >= thresholds["visit"] and visit > none:
        return "visit"
    if grievance >= thresholds["grievance"] and grievance > none:
        return "grievance"
    return "none"


def choose_reason(kind: Kind, scores: Scores, threshold: float) -> Reason | None:
    """The strongest situation; between equals, the one named first."""
    if kind == "none":
        return None
    if kind == "emergency":
        return "incident"
    named = [r for r in REASONS if scores.totals.get(r, 0.0) >= threshold]
    if not named:
        return None
    return min(named, key=lambda r: (-scores.totals[r], scores.first[r]))


def choose_category(kind: Kind, reason: Reason | None, scores: Scores, hits: list[Hit], rules: RuleSet) -> str | None:
    """The strongest topic; between equals, the one the problem word itself names (乱停车 in
    学校门口乱停车), else the one named first, which is usually what the message is about."""
    if kind != "grievance":
        return None
    if reason in rules.reason_category:
        return rules.reason_category[reason]
    totals, first = scores.totals, scores.first
    named = [c for c in CATEGORIES if totals.get(c, 0.0) >= rules.settings.thresholds["category"]]
    if not named:
        return rules.reason_default_category.get(reason)
    top = max(totals[c] for c in named)
    tied = [c for c in named if totals[c] == top]
    anchored = _anchored(hits) if len(tied) > 1 else set()
    return min(tied, key=lambda c: (c not in anchored, first[c]))


def _anchored(hits: list[Hit]) -> set[str]:
    """Categories named by a word that is itself the problem, not by a bystander word."""
    counting = [h for h in hits if h.status in (ACTIVE, PAST)]
    problems = {h.position for h in counting if any(t not in _CATEGORIES for t, _ in h.group.weights)}
    return {t for h in counting if h.position in problems for t, _ in h.group.weights if t in _CATEGORIES}


def choose_urgency(kind: Kind, reason: Reason | None, urgent: bool, rules: RuleSet) -> Urgency:
    """The kind's default, raised by the reason's floor and by an urgency cue (never to critical)."""
    level = URGENCIES.index(rules.settings.urgency[kind])
    if kind in ("grievance", "visit"):
        if reason in rules.reason_urgency:
            level = max(level, URGENCIES.index(rules.reason_urgency[reason]))
        if urgent:
            level = min(level + 1, URGENCIES.index("high"))
    return URGENCIES[level]


def confidence(kind: Kind, scores: Mapping[str, float], temperature: float) -> float:
    """The chosen kind's share of a softmax over the kind scores."""
    exps = [math.exp(scores.get(k, 0.0) / temperature) for k in KINDS]
    return round(exps[KINDS.index(kind)] / sum(exps), 3)


def keywords(kind: Kind, reason: str | None, category: str | None, hits: list[Hit]) -> tuple[str, ...]:
    """The words that fired for the answer; for `none`, also the words that cancelled others."""
    wanted = {kind, reason, category} - {None}
    fired: dict[str, int] = {}
    mined: dict[str, int] = {}  # mined n-grams are listed only when no rule word fired
    for hit in hits:
        status = hit.status
        if status in (ACTIVE, PAST):
            group = hit.group
            if group.mined:
                if not wanted.isdisjoint(group.targets):
                    mined.setdefault(hit.word, hit.position)
            elif not wanted.isdisjoint(group.targets if status == ACTIVE else group.targets_after):
                fired.setdefault(hit.word, hit.position)
        elif kind == "none" and hit.by_position >= 0:
            fired.setdefault(hit.by, hit.by_position)
    fired = fired or mined
    return tuple(sorted(fired, key=fired.__getitem__))


def decide(scores: Scores, hits: list[Hit], cues: Mapping[str, object], rules: RuleSet) -> Classification:
    thresholds = rules.settings.thresholds
    totals = scores.totals
    kind = choose_kind(totals, thresholds)
    reason = choose_reason(kind, scores, thresholds["reason"])
    category = choose_category(kind, reason, scores, hits, rules)
    return Classification(
        kind=kind,
        must_visit=reason,
        category=category,
        urgency=choose_urgency(kind, reason, "urgent" in cues, rules),
        keywords=keywords(kind, reason, category, hits),
        confidence=confidence(kind, totals, rules.settings.temperature),
    )
