"""The learnt layer: linear models that weigh the evidence into the kind and the reason.

The hand-written rules know their words but not how far to trust each kind of evidence, and
no word list covers every way people write. `learnt.toml` (written by `python -m nlp mine`,
see `nlp.learn`) holds two multinomial logistic regressions fitted on the labelled splits:
one over the four kinds, one over the eight must-visit reasons and `no_reason`. Their
features are readable:

- `rules`: the rules' score for each kind (or reason): what the hand-written words, cues and
  role priors added up to, weighed by how often the rules were right on splits they were
  never tuned on;
- `cues`: which message cues fired (past, fiction, request, report …);
- `roles`: who is speaking;
- `ngrams`: the Chinese character bigrams of the message (着火, 漂着, 不醒), which catch
  wording no rule lists, whatever jieba's cut (trigrams were tried: they cost time and, in
  cross-validation, a point of accuracy, crowding bigrams out of the kept n-grams).

Each feature present adds its weights to the classes' scores; the softmax of the scores
gives each class's probability. An emergency is chosen from a low probability
(`emergency_threshold`), since a missed emergency costs most. Otherwise the kind is the
likeliest once `none` is given a head start (`none_margin`, in log-odds): a grievance or a
visit enters the ledger only when it is clearly likelier than chit-chat. A reason is named
when `no_reason` is less likely than `reason_threshold`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from nlp.vocab import CATEGORIES, KINDS, REASONS, Kind, Reason

# The models read character bigrams (trigrams cost time and, in cross-validation, a point of
# accuracy); `text_ngrams` (training) and `Learnt.grams` (service) both build them with `_pairs`.
GRAM_LENGTH = 2
NO_REASON = "no_reason"
REASON_CLASSES: tuple[str, ...] = (*REASONS, NO_REASON)
_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
_EMERGENCY = KINDS.index("emergency")
_NONE = KINDS.index("none")

Weights = tuple[float, ...]  # one weight per class of the model


def _pairs(text: str) -> Iterator[str]:
    """Every two adjacent characters of `text`, built by C-level `map`."""
    return map(str.__add__, text, text[1:])


def text_ngrams(text: str) -> set[str]:
    """The distinct bigrams of `text` made of Chinese characters only (no punctuation)."""
    return set(filter(_HAN_PAIR.fullmatch, _pairs(text)))


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Per feature, one weight per class; a class's score is the bias plus the weights of the
    features present (a rule score's weight times the score)."""

    classes: tuple[str, ...]
    bias: Weights
    rules: Mapping[str, Weights]
    cues: Mapping[str, Weights]
    roles: Mapping[str, Weights]
    ngrams: Mapping[str, Weights]

    def scores(
        self, grams: Iterable[str], totals: Mapping[str, float], cues: Collection[str], role: str | None
    ) -> list[float]:
        """The class scores; `grams` are the message's n-grams (unlisted ones weigh nothing)."""
        get = self.ngrams.get
        rows: list[Sequence[float]] = [self.bias, *filter(None, map(get, grams))]
        rows += [ws for cue in cues if (ws := self.cues.get(cue))]
        if role and (weights := self.roles.get(role)):
            rows.append(weights)
        for target, weights in self.rules.items():
            value = totals.get(target, 0.0)
            if value:
                rows.append([w * value for w in weights])
        return list(map(sum, zip(*rows, strict=True)))  # summed column by column, in C

    def terms(
        self, grams: Iterable[str], totals: Mapping[str, float], cues: Collection[str], role: str | None
    ) -> list[tuple[str, Weights]]:
        """(feature, its contribution per class) for each feature present, for `explain`."""
        found: list[tuple[str, Weights]] = [("bias", self.bias)]
        found += [(f"rules.{t}", tuple(w * totals[t] for w in ws)) for t, ws in self.rules.items() if totals.get(t)]
        found += [(f"cues.{c}", self.cues[c]) for c in cues if c in self.cues]
        if role and role in self.roles:
            found.append((f"roles.{role}", self.roles[role]))
        found += [(f'ngrams."{g}"', self.ngrams[g]) for g in grams if g in self.ngrams]
        return found


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    total = sum(exps)
    return [e / total for e in exps]


@dataclass(frozen=True, slots=True)
class Learnt:
    """The two models of `learnt.toml` and the thresholds that read their probabilities."""

    source: str
    kind: LinearModel
    reason: LinearModel
    emergency_threshold: float
    reason_threshold: float
    none_margin: float = 0.0
    # The topic of a grievance (一级分类), when the file has that model; else the rules route it.
    category: LinearModel | None = None
    _listed: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    _none_factor: float = field(default=1.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        listed = frozenset(self.kind.ngrams) | frozenset(self.reason.ngrams)
        if self.category is not None:
            listed |= frozenset(self.category.ngrams)
        object.__setattr__(self, "_listed", listed)
        object.__setattr__(self, "_none_factor", math.exp(self.none_margin))

    def models(self) -> tuple[LinearModel, ...]:
        """The kind and reason models, and the category model if there is one."""
        return (self.kind, self.reason) if self.category is None else (self.kind, self.reason, self.category)

    def grams(self, text: str) -> list[str]:
        """The n-grams of `text` that either model lists, each once, in order of occurrence.

        Every bigram of the text is a candidate, filtered and deduplicated by C-level `filter`
        and `dict.fromkeys`; those with a space or punctuation are never listed. This runs for
        every message: a loop over positions in Python costs as much as jieba's cut.
        """
        return list(dict.fromkeys(filter(self._listed.__contains__, _pairs(text))))

    def choose_kind(self, probabilities: list[float]) -> Kind:
        """Emergency as soon as its probability reaches the threshold; else the likeliest kind,
        `none`'s probability weighed up by its margin."""
        if probabilities[_EMERGENCY] >= self.emergency_threshold:
            return "emergency"
        weighed = list(probabilities)
        weighed[_NONE] *= self._none_factor
        return KINDS[max(range(len(KINDS)), key=weighed.__getitem__)]

    def choose_category(self, scores: list[float]) -> str:
        """The likeliest topic (every grievance has one)."""
        return CATEGORIES[max(range(len(CATEGORIES)), key=scores.__getitem__)]

    def choose_reason(self, probabilities: list[float]) -> Reason | None:
        """The likeliest reason, unless `no_reason` reaches the threshold."""
        if probabilities[-1] >= self.reason_threshold:
            return None
        return REASONS[max(range(len(REASONS)), key=probabilities.__getitem__)]
