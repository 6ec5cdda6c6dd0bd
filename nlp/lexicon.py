"""The rule groups indexed by word, so a message costs one dict lookup per token."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nlp.ruleset import Group


@dataclass(frozen=True, slots=True)
class Entry:
    """What one word does: the cue groups and the weighted groups it belongs to."""

    cues: tuple[Group, ...]
    weighted: tuple[Group, ...]


def build_lexicon(groups: Iterable[Group]) -> dict[str, Entry]:
    cues: dict[str, list[Group]] = {}
    weighted: dict[str, list[Group]] = {}
    for group in groups:
        for word in group.words:
            if group.cue is not None:
                cues.setdefault(word, []).append(group)
            if group.weights:
                weighted.setdefault(word, []).append(group)
    return {
        word: Entry(tuple(cues.get(word, ())), tuple(weighted.get(word, ())))
        for word in cues.keys() | weighted.keys()
    }
