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
    """Sum the weights of the counting hits; boosters count only where evidence exists."""
    totals: dict[str, float] = defaultdict(float)
    boosts: dict[str, float] = defaultdict(float)
    boosted: list[Hit] = []
    for hit in found.hits:
        if hit.status not in (ACTIVE, PAST):
            continue
        for target, weight in hit.group.weights:
            if target == "emergency" and hit.status == PAST:
                target = "visit"
            if hit.group.booster and target in KINDS:
                boosts[target] += weight
            else:
                totals[target] += weight
        if hit.group.booster:
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
