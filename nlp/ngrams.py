"""The mined layer: character n-grams with small weights, learnt from the labelled corpus.

`mined.toml` (written by `python -m nlp mine`, see `nlp.mine`) lists, per kind or must-visit
reason, character bigrams and trigrams whose presence in a labelled message made that label
more likely (掉塘, 塘里, 没冒, 火光, 涵洞). Character n-grams do not depend on how jieba cuts
a sentence, so they catch wording that no hand-written word list names.

They are a bounded backoff under the hand-written rules: each n-gram adds its weight once
per message, and all the n-grams of one target together add at most that target's `cap`, so
they cannot outvote a strong rule. They go through the same cues as rule words: a negation or
a closer cancels them, a film, a dream, the news or a forecast cancels their emergency vote,
and an account after the fact turns it into visit evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nlp.ruleset import Group

SIZES = (2, 3)


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def text_ngrams(text: str, sizes: tuple[int, ...] = SIZES) -> set[str]:
    """The distinct n-grams of `text` made of Chinese characters only (no punctuation)."""
    found: set[str] = set()
    run = 0  # length of the run of Chinese characters ending at the current position
    for end, char in enumerate(text, 1):
        run = run + 1 if is_han(char) else 0
        for size in sizes:
            if run >= size:
                found.add(text[end - size : end])
    return found


@dataclass(frozen=True, slots=True)
class Mined:
    """n-gram -> its one-word group (weights per target); per-target caps."""

    groups: Mapping[str, Group]
    caps: Mapping[str, float]
    source: str = ""
    _heads: frozenset[str] = frozenset()
    problems: frozenset[str] = frozenset()
    _bigrams: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _trigrams: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _follow: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Only n-grams of Chinese characters can match (the text is read in runs of them), so
        # only those are searched for; any occurrence of one lies inside such a run.
        han = [g for g in self.groups if all(map(is_han, g))]
        object.__setattr__(self, "_bigrams", frozenset(g for g in han if len(g) == 2))
        object.__setattr__(self, "_trigrams", frozenset(g for g in han if len(g) == 3))
        # Bigrams that begin a listed trigram: only these need a trigram lookup.
        object.__setattr__(self, "_heads", frozenset(g[:2] for g in self._trigrams))
        # First character -> the second characters that make a listed bigram or head with it.
        follow: dict[str, set[str]] = {}
        for pair in self._bigrams | self._heads:
            follow.setdefault(pair[0], set()).add(pair[1])
        object.__setattr__(self, "_follow", {c: frozenset(s) for c, s in follow.items()})
        # The n-grams that name a problem (grievance, emergency), which a closer closes.
        object.__setattr__(
            self,
            "problems",
            frozenset(
                g for g, group in self.groups.items() if any(t in ("grievance", "emergency") for t, _ in group.weights)
            ),
        )

    def find(self, text: str) -> list[tuple[int, str, Group]]:
        """(character offset, n-gram, group) for each listed n-gram's first occurrence, in
        order of offset (a bigram before the trigram it begins).

        One pass over the characters: a pair is cut out of the text only when its two
        characters can begin a listed n-gram (`_follow`), which few pairs can.
        """
        follow, bigrams, heads, trigrams = self._follow, self._bigrams, self._heads, self._trigrams
        seen: set[str] = set()
        found = []
        completing = None  # the characters that complete a listed pair after the previous one
        for end, char in enumerate(text, 1):
            if completing is not None and char in completing:
                start = end - 2
                gram = text[start:end]
                if gram in bigrams and gram not in seen:
                    seen.add(gram)
                    found.append((start, gram, self.groups[gram]))
                if gram in heads:
                    gram = text[start : end + 1]
                    if gram in trigrams and gram not in seen:
                        seen.add(gram)
                        found.append((start, gram, self.groups[gram]))
            completing = follow.get(char)
        return found

    def __len__(self) -> int:
        return len(self.groups)


def build_mined(source: str, weights: Mapping[str, Mapping[str, float]], caps: Mapping[str, float]) -> Mined:
    """From {target: {n-gram: weight}} to one group per n-gram carrying all its targets."""
    by_gram: dict[str, list[tuple[str, float]]] = {}
    for target, grams in weights.items():
        for gram, weight in grams.items():
            by_gram.setdefault(gram, []).append((target, weight))
    groups = {
        gram: Group(
            name=f"mined {gram}",
            source=source,
            words=(gram,),
            weights=tuple(targets),
            why="mined character n-gram",
            inside=True,
            mined=True,
        )
        for gram, targets in by_gram.items()
    }
    return Mined(groups, dict(caps), source)
