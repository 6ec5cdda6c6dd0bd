"""From the hits of a scan to one score per kind, reason and category.

Message-level cues act on emergency evidence only: a film, a dream or the news cancels it, a
forecast cancels it, and an account after the fact turns it into visit evidence (a fire that
is out still obliges a visit), unless a cue says the danger is still going on.
"""

from __future__ import annotations

from collections import defaultdict

from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE, FICTION, FUTURE, PAST, UNUSED, Hit, Scan
from nlp.vocab import KINDS


def apply_cues(found: Scan) -> None:
    """Mark emergency hits that the message's fiction, future or past cues override."""
    cues = found.cues
    live = "now" in cues
    if "fiction" in cues:
        status, cue = FICTION, cues["fiction"]
    elif not live and "future" in cues:
        status, cue = FUTURE, cues["future"]
    elif not live and ("over" in cues or "past" in cues):
        status, cue = PAST, cues.get("over") or cues["past"]
    else:
        return
    for hit in found.hits:
        if hit.status == ACTIVE and any(t == "emergency" for t, _ in hit.group.weights):
            hit.status, (hit.by, hit.by_position) = status, cue


def score(found: Scan, rules: RuleSet, role: str | None) -> dict[str, float]:
    """Sum the weights of the counting hits into one score per target.

    A group votes for a kind once, however many of its words appear: five synonyms of
    hardship are one piece of evidence, not five. Reasons and categories add up, since
    more topic words do make the topic surer. Boosters count only where evidence exists.
    """
    past_factor = rules.settings.past_visit_factor
    totals: dict[str, float] = defaultdict(float)
    boosts: dict[str, float] = defaultdict(float)
    voted: set[tuple[str, str]] = set()
    boosted: list[Hit] = []
    for hit in found.hits:
        if hit.status not in (ACTIVE, PAST):
            continue
        group = hit.group
        for target, weight in group.weights:
            if target == "emergency" and hit.status == PAST:
                target, weight = "visit", weight * past_factor
            if target in KINDS:
                if (group.name, target) in voted:
                    continue
                voted.add((group.name, target))
                if group.booster:
                    boosts[target] += weight
                    continue
            totals[target] += weight
        if group.booster:
            boosted.append(hit)
    for kind, weight in boosts.items():
        if totals[kind] > 0:
            totals[kind] += weight
    for hit in boosted:
        if not any(totals[_target(hit, t)] > 0 for t, _ in hit.group.weights if t in KINDS):
            hit.status = UNUSED
    totals["none"] += rules.settings.none_baseline
    for kind, prior in rules.roles.get(role, {}).items() if role else ():
        if kind == "none" or totals[kind] > 0:
            totals[kind] += prior
    return totals


def _target(hit: Hit, target: str) -> str:
    return "visit" if target == "emergency" and hit.status == PAST else target
