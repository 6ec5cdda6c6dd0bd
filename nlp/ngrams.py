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

import re
from collections.abc import Mapping
from dataclasses import dataclass

from nlp.ruleset import Group

SIZES = (2, 3)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


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
                found.add(text[end - size:end])
    return found


@dataclass(frozen=True, slots=True)
class Mined:
    """n-gram -> its one-word group (weights per target); per-target caps."""

    groups: Mapping[str, Group]
    caps: Mapping[str, float]
    source: str = ""
    _heads: frozenset[str] = frozenset()
    problems: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Bigrams that begin a listed trigram: only these need a trigram lookup.
        object.__setattr__(self, "_heads", frozenset(g[:2] for g in self.groups if len(g) == 3))
        # The n-grams that name a problem (grievance, emergency), which a closer closes.
        object.__setattr__(self, "problems", frozenset(
            g for g, group in self.groups.items()
            if any(t in ("grievance", "emergency") for t, _ in group.weights)))

    def find(self, text: str) -> list[tuple[int, str, Group]]:
        """(character offset, n-gram, group) for each listed n-gram's first occurrence."""
        get, heads = self.groups.get, self._heads
        seen: set[str] = set()
        found = []
        for run in _HAN_RUN.finditer(text):
            start, chunk = run.start(), run.group()
            for at in range(len(chunk) - 1):
                gram = chunk[at:at + 2]
                group = get(gram)
                if group is not None and gram not in seen:
                    seen.add(gram)
                    found.append((start + at, gram, group))
                if gram in heads and at + 3 <= len(chunk):
                    gram = chunk[at:at + 3]
                    group = get(gram)
                    if group is not None and gram not in seen:
                        seen.add(gram)
                        found.append((start + at, gram, group))
        return found

    def __len__(self) -> int:
        return len(self.groups)


def build_mined(source: str, weights: Mapping[str, Mapping[str, float]],
                caps: Mapping[str, float]) -> Mined:
    """From {target: {n-gram: weight}} to one group per n-gram carrying all its targets."""
    by_gram: dict[str, list[tuple[str, float]]] = {}
    for target, grams in weights.items():
        for gram, weight in grams.items():
            by_gram.setdefault(gram, []).append((target, weight))
    groups = {
        gram: Group(name=f"mined {gram}", source=source, words=(gram,), weights=tuple(targets),
                    why="mined character n-gram", inside=True, mined=True)
        for gram, targets in by_gram.items()
    }
    return Mined(groups, dict(caps), source)
