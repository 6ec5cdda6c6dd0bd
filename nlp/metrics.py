"""Scores of predictions against a labelled corpus, as the issue's targets define them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from nlp.corpus import Example
from nlp.result import Classification
from nlp.vocab import KINDS


@dataclass(frozen=True, slots=True)
class KindScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Miss:
    example: Example
    predicted: Classification
    severity: float
    problem: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    total: int
    kind_accuracy: float
    per_kind: dict[str, KindScore]
    confusion: Counter[tuple[str, str]]
    none_misfiled: float  # share of gold `none` predicted as a record
    none_as_emergency: float  # share of gold `none` predicted as an emergency (a false alarm in chit-chat)
    must_visit_recall: float  # gold reason predicted exactly
    must_visit_support: int
    category_accuracy: float  # over gold grievances that were predicted grievances
    category_support: int
    misses: list[Miss]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _kind_score(kind: str, confusion: Counter[tuple[str, str]]) -> KindScore:
    true = confusion[kind, kind]
    predicted = sum(n for (_, p), n in confusion.items() if p == kind)
    support = sum(n for (g, _), n in confusion.items() if g == kind)
    precision, recall = _ratio(true, predicted), _ratio(true, support)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return KindScore(precision, recall, f1, support)


def _miss(example: Example, got: Classification) -> Miss | None:
    """How bad a wrong answer is: a missed emergency first, a wrong category last."""
    if example.kind != got.kind:
        if example.kind == "emergency":
            severity = 4.0
        elif got.kind == "emergency":
            severity = 3.0
        elif example.kind == "none":
            severity = 2.0
        else:
            severity = 1.5
        return Miss(example, got, severity, f"kind {example.kind} -> {got.kind}")
    if example.must_visit and example.must_visit != got.must_visit:
        return Miss(example, got, 1.0, f"must_visit {example.must_visit} -> {got.must_visit}")
    if example.kind == "grievance" and example.category != got.category:
        return Miss(example, got, 0.5, f"category {example.category} -> {got.category}")
    return None


def evaluate(examples: list[Example], predictions: list[Classification]) -> Evaluation:
    confusion: Counter[tuple[str, str]] = Counter((e.kind, p.kind) for e, p in zip(examples, predictions, strict=True))
    pairs = list(zip(examples, predictions, strict=True))
    reasons = [(e, p) for e, p in pairs if e.must_visit]
    categories = [(e, p) for e, p in pairs if e.kind == "grievance" and p.kind == "grievance"]
    nones = [p for e, p in pairs if e.kind == "none"]
    misses = [m for e, p in pairs if (m := _miss(e, p)) is not None]
    misses.sort(key=lambda m: (-m.severity, -m.predicted.confidence))
    return Evaluation(
        total=len(pairs),
        kind_accuracy=_ratio(sum(confusion[k, k] for k in KINDS), len(pairs)),
        per_kind={kind: _kind_score(kind, confusion) for kind in KINDS},
        confusion=confusion,
        none_misfiled=_ratio(sum(p.kind != "none" for p in nones), len(nones)) if nones else 0.0,
        none_as_emergency=_ratio(sum(p.kind == "emergency" for p in nones), len(nones)) if nones else 0.0,
        must_visit_recall=_ratio(sum(e.must_visit == p.must_visit for e, p in reasons), len(reasons)),
        must_visit_support=len(reasons),
        category_accuracy=_ratio(sum(e.category == p.category for e, p in categories), len(categories)),
        category_support=len(categories),
        misses=misses,
    )
