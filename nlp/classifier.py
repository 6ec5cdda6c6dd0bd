"""The classifier: rules plus a segmenter, and the lazily built default instance."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from nlp.decide import decide
from nlp.learnt import Learnt
from nlp.lexicon import build_lexicon, build_morphemes
from nlp.markers import find_markers, mask_phones
from nlp.normalize import normalize
from nlp.result import Classification
from nlp.rulefile import DEFAULT_LEARNT, DEFAULT_RULES, load_ruleset
from nlp.ruleset import RuleSet
from nlp.scan import Scan, scan
from nlp.scoring import Scores, apply_cues, score
from nlp.segmenter import Segmenter
from nlp.vocab import ROLES, Role

# Words jieba could return as one multi-character token; only these need adding to its dictionary.
_DICTIONARY_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]{2,}")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything behind one answer, for `explain` and the tests."""

    text: str
    tokens: list[str]
    found: Scan
    scores: Scores
    result: Classification
    role: str | None = None
    # The n-grams the learnt models list, found in the text (`nlp.learnt`), if there are models.
    grams: list[str] | None = None
    learnt: Learnt | None = None


class Classifier:
    """Classifies group messages with one rule set."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._lexicon = build_lexicon(rules.groups)
        self._morphemes = build_morphemes(rules.groups)
        self._segmenter = Segmenter(w for w in rules.whole_words() if _DICTIONARY_WORD.fullmatch(w))

    def with_learnt(self, learnt: Learnt | None) -> Classifier:
        """This classifier with other learnt models: the same words, so the same tokenizer
        (no second dictionary load)."""
        other = copy.copy(self)
        other.rules = replace(self.rules, learnt=learnt)
        return other

    def segment(self, text: str) -> list[str]:
        """The words of `text` as the rules see them (normalised, domain words kept whole)."""
        return self._segmenter.cut(mask_phones(normalize(text, self.rules.settings.max_chars)))

    def warm_up(self) -> None:
        """Load the dictionary now rather than on the first message."""
        self._segmenter.tokenizer()

    def analyse(self, text: str, sender_role: str | None = None) -> Analysis:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if sender_role is not None and sender_role not in ROLES:
            raise ValueError(f"sender_role must be one of {ROLES} or None, not {sender_role!r}")
        role = cast("Role | None", sender_role)  # checked just above
        settings = self.rules.settings
        clean = normalize(text, settings.max_chars)
        tokens = self._segmenter.cut(mask_phones(clean))
        markers = find_markers(clean)
        found = scan(
            tokens + ["\n", *markers] if markers else tokens, self._lexicon, settings.negation_window, self._morphemes
        )
        apply_cues(found)
        scores = score(found, self.rules, role)
        learnt = self.rules.learnt
        grams = learnt.grams(clean) if learnt else None
        result = decide(scores, found, self.rules, sender_role, grams)
        return Analysis(clean, tokens, found, scores, result, sender_role, grams, learnt)

    def classify(self, text: str, sender_role: str | None = None) -> Classification:
        """What `text` is: kind, must-visit reason, category, urgency, keywords, confidence."""
        return self.analyse(text, sender_role).result


def load_rules(
    path: Path | str, skip: Collection[str] = (), learnt: Path | str | None = None, cache: bool = True
) -> Classifier:
    """A classifier for the rules at `path` (a .toml file or a directory of them), but the
    files named in `skip`, with the learnt models of the file `learnt`, if given.

    Raises `RulesError` naming the file and entry when the rules are invalid, so the bot can
    refuse to start with a secretary's broken edit instead of misfiling messages. With
    `cache`, files parsed before are read from the user cache (`nlp.cache`), then validated.
    """
    return Classifier(load_ruleset(path, skip, learnt, cache))


_default: Classifier | None = None
_default_lock = threading.Lock()


def default_classifier() -> Classifier:
    """The classifier for the rules shipped in `nlp/data/rules` with the models of
    `nlp/data/learnt.toml`, built once."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = load_rules(DEFAULT_RULES, learnt=DEFAULT_LEARNT)
    return _default


def classify(text: str, sender_role: str | None = None) -> Classification:
    return default_classifier().classify(text, sender_role)


def segment(text: str) -> list[str]:
    return default_classifier().segment(text)
