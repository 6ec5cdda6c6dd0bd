"""From scores to the answer: kind, must-visit reason, category, urgency, keywords, confidence."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from nlp.learnt import Learnt, LinearModel, softmax
from nlp.result import Classification
from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE, PAST, Hit, Scan
from nlp.scoring import Scores
from nlp.vocab import CATEGORIES, KINDS, REASONS, URGENCIES, Kind, Reason, Urgency

_CATEGORIES = frozenset(CATEGORIES)
LEARNT_TOPIC = "the learnt category model (learnt.toml; the rules' topic scores are among its features)"


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


def choose_category(
    kind: Kind,
    reason: Reason | None,
    scores: Scores,
    hits: list[Hit],
    rules: RuleSet,
    learnt: tuple[Collection[str], str | None, list[str]] | None = None,
) -> str | None:
    """A reason's routing first (a dispute goes to 矛盾纠纷); then the learnt topic model, given
    `learnt` (the cues, role and n-grams) and a file that has one; else the strongest topic of
    the rules; between equals, the one the problem word itself names (乱停车 in 学校门口乱停车),
    else the one named first, which is usually what the message is about."""
    if kind != "grievance":
        return None
    if reason is not None and reason in rules.reason_category:
        return rules.reason_category[reason]
    models = rules.learnt
    if models is not None and models.category is not None and learnt is not None:
        cues, role, grams = learnt
        return models.choose_category(models.category.scores(grams, scores.totals, cues, role))
    totals, first = scores.totals, scores.first
    named = [c for c in CATEGORIES if totals.get(c, 0.0) >= rules.settings.thresholds["category"]]
    if not named:
        return rules.reason_default_category.get(reason) if reason is not None else None
    top = max(totals[c] for c in named)
    tied = [c for c in named if totals[c] == top]
    anchored = _anchored(hits) if len(tied) > 1 else set()
    return min(tied, key=lambda c: (c not in anchored, first[c]))


def topic_source(kind: Kind, reason: Reason | None, rules: RuleSet, with_grams: bool) -> str | None:
    """What chose the category (`choose_category`'s branches), in words for `explain`."""
    if kind != "grievance":
        return None
    if reason is not None and reason in rules.reason_category:
        return f"the must-visit reason {reason} (routed in the settings)"
    if rules.learnt is not None and rules.learnt.category is not None and with_grams:
        return LEARNT_TOPIC
    return "the strongest topic of the rules (categories.toml)"


def _anchored(hits: list[Hit]) -> set[str]:
    """Categories named by a word that is itself the problem, not by a bystander word."""
    counting = [h for h in hits if h.status in (ACTIVE, PAST)]
    problems = {h.position for h in counting if any(t not in _CATEGORIES for t, _ in h.group.weights)}
    return {t for h in counting if h.position in problems for t, _ in h.group.weights if t in _CATEGORIES}


def choose_urgency(kind: Kind, reason: Reason | None, urgent: bool, rules: RuleSet) -> Urgency:
    """The kind's default, raised by the reason's floor and by an urgency cue (never to critical)."""
    level = URGENCIES.index(rules.settings.urgency[kind])
    if kind in ("grievance", "visit"):
        if reason is not None and reason in rules.reason_urgency:
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
    for hit in hits:
        status = hit.status
        if status in (ACTIVE, PAST):
            group = hit.group
            if not wanted.isdisjoint(group.targets if status == ACTIVE else group.targets_after):
                fired.setdefault(hit.word, hit.position)
        elif kind == "none" and hit.by_position >= 0:
            fired.setdefault(hit.by, hit.by_position)
    return tuple(sorted(fired, key=fired.__getitem__))


def learnt_keywords(model: LinearModel, kind: Kind, grams: list[str], limit: int = 3) -> tuple[str, ...]:
    """The n-grams that weigh most for `kind`, when no rule word fired for it; words (two or
    three characters) before single characters, which explain little."""
    index = model.classes.index(kind)
    weighed = [(model.ngrams[g][index], g) for g in grams if g in model.ngrams]
    ranked = sorted((x for x in weighed if x[0] > 0), key=lambda x: (len(x[1]) < 2, -x[0]))
    return tuple(g for _, g in ranked[:limit])


def decide_learnt(
    learnt: Learnt, scores: Scores, cues: Collection[str], role: str | None, grams: list[str]
) -> tuple[Kind, Reason | None, float]:
    """Kind, reason and confidence from the learnt models: the reason model is consulted only
    for a grievance or a visit (an emergency is an incident, `none` has no reason)."""
    totals = scores.totals
    kinds = softmax(learnt.kind.scores(grams, totals, cues, role))
    kind = learnt.choose_kind(kinds)
    reason: Reason | None = "incident" if kind == "emergency" else None
    if kind in ("grievance", "visit"):
        reason = learnt.choose_reason(softmax(learnt.reason.scores(grams, totals, cues, role)))
    return kind, reason, round(kinds[KINDS.index(kind)], 3)


def decide(
    scores: Scores, found: Scan, rules: RuleSet, role: str | None = None, grams: list[str] | None = None
) -> Classification:
    """The answer from the scores; with learnt models (`grams` found), they choose the kind
    and the reason, and the rules the category, the urgency and the keywords."""
    thresholds = rules.settings.thresholds
    hits, cues = found.hits, found.cues
    learnt = rules.learnt
    if learnt is not None and grams is not None:
        kind, reason, sure = decide_learnt(learnt, scores, cues.keys(), role, grams)
    else:
        kind = choose_kind(scores.totals, thresholds)
        reason = choose_reason(kind, scores, thresholds["reason"])
        sure = confidence(kind, scores.totals, rules.settings.temperature)
    evidence = (cues.keys(), role, grams) if grams is not None else None
    category = choose_category(kind, reason, scores, hits, rules, evidence)
    words = keywords(kind, reason, category, hits)
    if not words and learnt is not None and grams and kind != "none":
        words = learnt_keywords(learnt.kind, kind, grams)
    return Classification(
        kind=kind,
        must_visit=reason,
        category=category,
        urgency=choose_urgency(kind, reason, "urgent" in cues, rules),
        keywords=words,
        confidence=sure,
    )
