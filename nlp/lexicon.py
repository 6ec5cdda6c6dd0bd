"""The rule groups indexed by word, so a message costs one dict lookup per token."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nlp.ruleset import Group
from nlp.vocab import CATEGORIES

_CATEGORY_NAMES = frozenset(CATEGORIES)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one word does: the cue groups and the weighted groups it belongs to."""

    cues: tuple[Group, ...]
    weighted: tuple[Group, ...]
    # A weighted or `plain` word hides the morphemes inside it (血压, 火车): derived once here
    # rather than per token in `nlp.scan`.
    hides_morphemes: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        hides = bool(self.weighted) or any(group.cue == "plain" for group in self.cues)
        object.__setattr__(self, "hides_morphemes", hides)


Morphemes = dict[str, tuple[tuple[str, Group], ...]]


def build_lexicon(groups: Iterable[Group]) -> dict[str, Entry]:
    """Whole rule words -> what they do. `inside` morphemes are indexed by `build_morphemes`."""
    groups = tuple(g for g in groups if not g.inside)
    cues: dict[str, list[Group]] = {}
    weighted: dict[str, list[Group]] = {}
    for group in groups + inherited_topics(groups):
        for word in group.words:
            if group.cue is not None:
                cues.setdefault(word, []).append(group)
            if group.weights:
                weighted.setdefault(word, []).append(group)
    return {
        word: Entry(tuple(cues.get(word, ())), tuple(weighted.get(word, ()))) for word in cues.keys() | weighted.keys()
    }


def inherited_topics(groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """Topic groups for rule words that contain a topic word: 倒建筑垃圾 is about 建筑垃圾.

    A rule word is one token, so without this a long problem phrase would hide the topic
    word inside it from the category vote.
    """
    topics: dict[str, list[Group]] = {}
    for group in groups:
        if any(target in _CATEGORY_NAMES for target, _ in group.weights):
            for word in group.words:
                if len(word) >= 2:
                    topics.setdefault(word, []).append(group)
    derived: dict[tuple[str, str], Group] = {}
    for word in {w for g in groups for w in g.words} - topics.keys():
        for start in range(len(word)):
            for end in range(start + 2, len(word) + 1 - (start == 0)):
                for topic in topics.get(word[start:end], ()):
                    key = (word, topic.name)
                    if key not in derived:
                        derived[key] = Group(
                            name=f"{topic.name} (in {word[start:end]})",
                            source=topic.source,
                            words=(word,),
                            weights=tuple((t, w) for t, w in topic.weights if t in _CATEGORY_NAMES),
                            why="the topic of a topic word inside this word",
                        )
    return tuple(derived.values())


def build_morphemes(groups: Iterable[Group]) -> Morphemes:
    """The `inside` morphemes indexed by their first character, longest first."""
    index: dict[str, list[tuple[str, Group]]] = {}
    for group in groups:
        if group.inside:
            for word in group.words:
                index.setdefault(word[0], []).append((word, group))
    return {char: tuple(sorted(found, key=lambda f: -len(f[0]))) for char, found in index.items()}


def find_morphemes(text: str, start: int, end: int, morphemes: Morphemes) -> list[tuple[str, Group]]:
    """The morphemes starting in text[start:end] (one token), one per group, in order.

    A morpheme may run on past the token (摔/进 -> 摔进, 不/清醒 -> 不清醒), so jieba's cut
    does not decide whether it is seen.
    """
    found: list[tuple[str, Group]] = []
    for at in range(start, end):
        for word, group in morphemes.get(text[at], ()):
            if text.startswith(word, at) and all(g is not group for _, g in found):
                found.append((word, group))
    return found
