"""One pass over the tokens: which rule words fired, in which clause, and under which cue.

Negation and resolution are local (a clause, a few words); the other cues are collected for
the whole message and applied in `nlp.scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp.lexicon import Entry, Morphemes, find_morphemes
from nlp.ruleset import Group

ACTIVE = "active"
NEGATED = "negated"
RESOLVED = "resolved"
FICTION = "fiction"
FUTURE = "future"
PAST = "past"  # an emergency word told after the fact: counted as a visit
UNUSED = "unused"  # a booster whose kind had no other evidence

# Punctuation and spaces end a clause; in WeChat a space often stands for a comma.
CLAUSE_BREAKS = frozenset(" \t\n\r,.!?;:~…。，、！？；：～")


@dataclass(slots=True)
class Hit:
    word: str
    group: Group
    position: int
    clause: int
    status: str = ACTIVE
    by: str = ""
    by_position: int = -1


@dataclass(slots=True)
class Scan:
    hits: list[Hit] = field(default_factory=list)
    cues: dict[str, tuple[str, int]] = field(default_factory=dict)  # cue -> first (word, position)


def scan(
    tokens: list[str], lexicon: dict[str, Entry], negation_window: int, morphemes: Morphemes | None = None
) -> Scan:
    """Find the rule words in `tokens`, marking those that a negation or a closer cancels.

    A token that is no weighted rule word is searched for `inside` morphemes (满脸是血 -> 血);
    a rule word is not, so listing a look-alike (血压, 火车) anywhere keeps its morpheme silent.
    """
    result = Scan()
    hits, lookup = result.hits, lexicon.get
    # Only a token holding a morpheme's first character can start one, so most tokens skip
    # the search (the index is keyed by first character).
    starters = morphemes.keys() if morphemes else None
    clause = 0
    negation, negation_at, negation_left = "", -1, 0
    resolved_clause, resolver, resolver_at = -1, "", -1
    text, offset = ("".join(tokens), 0) if morphemes else ("", 0)
    for position, token in enumerate(tokens):
        start, offset = offset, offset + len(token)
        if token in CLAUSE_BREAKS:
            clause += 1
            negation_left = 0
            continue
        entry = lookup(token)
        if starters and (entry is None or not entry.hides_morphemes) and not starters.isdisjoint(token):
            assert morphemes is not None  # `starters` are its keys
            for word, group in find_morphemes(text, start, offset, morphemes):
                hit = Hit(word, group, position, clause)
                if negation_left > 0:
                    hit.status, hit.by, hit.by_position = NEGATED, negation, negation_at
                elif clause == resolved_clause:
                    hit.status, hit.by, hit.by_position = RESOLVED, resolver, resolver_at
                hits.append(hit)
        if entry is None:
            negation_left -= negation_left > 0
            continue
        negated = negation_left > 0
        for group in entry.cues:
            cue = group.cue
            if cue == "negation":
                negation, negation_at, negation_left = token, position, negation_window + 1
            elif cue == "clause":
                clause += 1
                negated = False
                negation_left = 0
            elif negated and cue in ("resolved", "over", "request"):
                continue  # 还没修好 closes nothing; 没有反映问题 asks nothing
            elif cue == "resolved":
                resolved_clause, resolver, resolver_at = clause, token, position
                _resolve(hits, token, position)
                result.cues.setdefault(cue, (token, position))
            else:
                assert cue is not None  # `Entry.cues` holds only groups with a cue
                result.cues.setdefault(cue, (token, position))
        for group in entry.weighted:
            if negated:
                hits.append(Hit(token, group, position, clause, NEGATED, negation, negation_at))
            elif clause == resolved_clause and group.problem:
                hits.append(Hit(token, group, position, clause, RESOLVED, resolver, resolver_at))
            else:
                hits.append(Hit(token, group, position, clause))
        negation_left -= negation_left > 0
    return result


def _resolve(hits: list[Hit], closer: str, position: int) -> None:
    """A closer closes every problem mentioned before it: 路灯坏了,已经修好了."""
    for hit in hits:
        if hit.status == ACTIVE and hit.group.problem:
            hit.status, hit.by, hit.by_position = RESOLVED, closer, position
