"""From the hits of a scan to one score per kind, reason and category.

Message-level cues act on emergency evidence only: a film, a dream or the news cancels it, a
forecast cancels it, and an account after the fact turns it into visit evidence (a fire that
is out still obliges a visit), unless a cue says the danger is still going on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE, FICTION, FUTURE, PAST, UNUSED, Hit, Scan
from nlp.vocab import KINDS, Role

REPEAT_SHARE = 0.5
# In a member's visit report (走访, 回访) a complaint is what the household said: reported
# for the ledger, not raised with the organisation, so it counts at this share for grievance.
REPORT_SHARE = 0.5


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
        if hit.status == ACTIVE and hit.group.emergency:
            # A plea or a person word after the fact is no evidence of a visit.
            late_booster = status == PAST and hit.group.booster
            hit.status, (hit.by, hit.by_position) = (UNUSED if late_booster else status), cue


@dataclass(slots=True)
class Scores:
    """Evidence per target (kind, reason, category), and where each target was first seen."""

    totals: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    first: dict[str, int] = field(default_factory=dict)


def score(found: Scan, rules: RuleSet, role: Role | None) -> Scores:
    """Sum the weights of the counting hits into one score per target.

    A group's first word counts in full for a kind; each further word of the same group adds
    half, up to twice the weight: five synonyms of hardship are not five pieces of evidence,
    but 吞了硬币, 卡住了, 哭不出来 together say more than one of them. A category counts once
    per group. Reasons add up. Boosters count only where evidence exists. When the message
    asks for action, the situations it mentions are context for the request, so situation
    groups lose their visit vote; in a visit report that asks nothing, the complaints it
    relays count half for grievance. A negated or resolved word still names its topic
    (没有路灯 is about 路灯), so its category weights count.
    """
    past_factor = rules.settings.past_visit_factor
    asking = "request" in found.cues
    scores = Scores()
    totals, first = scores.totals, scores.first
    boosts: dict[str, float] = defaultdict(float)
    votes: dict[tuple[str, str], int] = {}
    boosted: list[Hit] = []
    given: dict[tuple[int, str], float] = {}  # (position, kind) -> weight so far
    for hit in found.hits:
        status = hit.status
        counting = status in (ACTIVE, PAST)
        group = hit.group
        for target, weight, is_category, is_kind in group.plan:
            if not (counting or is_category):
                continue
            if target == "emergency" and status == PAST:
                target, weight = "visit", weight * past_factor
            if target == "visit" and asking and group.situation:
                continue
            if is_category or is_kind:
                key = (group.name, target)
                seen = votes.get(key, 0)
                votes[key] = seen + 1
                if seen and (is_category or seen > 2):
                    continue
                weight = weight if not seen else weight * REPEAT_SHARE
                if group.booster and is_kind:
                    boosts[target] += weight
                    continue
                if is_kind and not group.inside:
                    # One word is one piece of evidence: listed in two groups, it counts its
                    # larger weight once (一直没 is "not done" and "persistent", not both).
                    spot = (hit.position, target)
                    before = given.get(spot, 0.0)
                    if weight > before:
                        given[spot], weight = weight, weight - before
                    else:
                        weight = 0.0
            totals[target] += weight
            if target not in first:
                first[target] = hit.position
        if group.booster:
            boosted.append(hit)
    for kind, weight in boosts.items():
        if totals[kind] > 0:
            totals[kind] += weight
    if "report" in found.cues and not asking:
        totals["grievance"] *= REPORT_SHARE
    for hit in boosted:
        if not any(totals[_target(hit, t)] > 0 for t, _ in hit.group.weights if t in KINDS):
            hit.status = UNUSED
    totals["none"] += rules.settings.none_baseline
    for kind, prior in rules.roles.get(role, {}).items() if role else ():
        if kind == "none" or totals[kind] > 0:
            totals[kind] += prior
    return scores


def _target(hit: Hit, target: str) -> str:
    return "visit" if target == "emergency" and hit.status == PAST else target
