"""The classifier: rules plus a segmenter, and the lazily built default instance."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from nlp.decide import decide
from nlp.lexicon import build_lexicon, build_morphemes
from nlp.markers import find_markers, mask_phones
from nlp.ngrams import Mined
from nlp.normalize import normalize
from nlp.result import Classification
from nlp.rulefile import DEFAULT_RULES, load_ruleset
from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE, RESOLVED, Hit, Scan, scan
from nlp.scoring import Scores, apply_cues, score
from nlp.segmenter import Segmenter
from nlp.vocab import ROLES

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
    rules_mined: Mined | None = None


class Classifier:
    """Classifies group messages with one rule set."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._lexicon = build_lexicon(rules.groups)
        self._morphemes = build_morphemes(rules.groups)
        self._segmenter = Segmenter(w for w in rules.whole_words() if _DICTIONARY_WORD.fullmatch(w))

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
        settings = self.rules.settings
        clean = normalize(text, settings.max_chars)
        tokens = self._segmenter.cut(mask_phones(clean))
        markers = find_markers(clean)
        found = scan(
            tokens + ["\n", *markers] if markers else tokens, self._lexicon, settings.negation_window, self._morphemes
        )
        if self.rules.mined:
            add_mined(found, tokens, self.rules.mined)
        apply_cues(found)
        scores = score(found, self.rules, sender_role)
        return Analysis(
            clean, tokens, found, scores, decide(scores, found.hits, found.cues, self.rules), self.rules.mined
        )

    def classify(self, text: str, sender_role: str | None = None) -> Classification:
        """What `text` is: kind, must-visit reason, category, urgency, keywords, confidence."""
        return self.analyse(text, sender_role).result


def add_mined(found: Scan, tokens: list[str], mined: Mined) -> None:
    """Append a hit for each mined n-gram in the text, under the negations and closers of
    the token it starts in, so the message cues then act on it as on any rule word."""
    matches = mined.find("".join(tokens))
    if not matches:
        return
    starts = list(accumulate(map(len, tokens), initial=0))
    closers = found.closers
    last_closer = max(at for _, at in closers) if closers else -1
    closer = closers[-1] if closers else ("", -1)
    hits, muted, problems = found.hits, found.muted, mined.problems
    for offset, gram, group in matches:
        position = bisect_right(starts, offset) - 1
        cancelled = muted.get(position)  # (status, by, by_position)
        problem = gram in problems
        if cancelled and (cancelled[0] != RESOLVED or problem):
            hits.append(Hit(gram, group, position, -1, *cancelled))
        elif problem and position < last_closer:
            hits.append(Hit(gram, group, position, -1, RESOLVED, *closer))
        else:
            hits.append(Hit(gram, group, position, -1, ACTIVE))


def load_rules(path: Path | str) -> Classifier:
    """A classifier for the rules at `path` (a .toml file or a directory of them).

    Raises `RulesError` naming the file and entry when the rules are invalid, so the bot can
    refuse to start with a secretary's broken edit instead of misfiling messages.
    """
    return Classifier(load_ruleset(path))


_default: Classifier | None = None
_default_lock = threading.Lock()


def default_classifier() -> Classifier:
    """The classifier for the rules shipped in `nlp/data/rules`, built once."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = load_rules(DEFAULT_RULES)
    return _default


def classify(text: str, sender_role: str | None = None) -> Classification:
    return default_classifier().classify(text, sender_role)


def segment(text: str) -> list[str]:
    return default_classifier().segment(text)
