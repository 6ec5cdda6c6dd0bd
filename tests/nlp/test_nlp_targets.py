"""The issue's accuracy targets, measured on the labelled corpus.

Every split in tests/data/nlp has been used for tuning (see its README), so meeting the
targets there proves little about new wording. The held-out split,
tests/data/nlp_blind4/heldout.jsonl, is written by someone who has not seen the rules;
the rules must never be tuned on it, and this test is the only thing that reads it.
Whoever tunes the rules runs pytest with `-k "not heldout"`, so never sees its figures.
"""

import pytest

from nlp.corpus import read_corpus
from nlp.metrics import Evaluation, evaluate
from tests.nlp.helpers import DATA, ROOT

TUNING = [
    "dev.jsonl",
    "dev2.jsonl",
    "dev3.jsonl",
    "dev4.jsonl",
    "dev5.jsonl",
    "dev6.jsonl",
    "dev7.jsonl",
    "dev8.jsonl",
    "dev9.jsonl",
]
HELDOUT = ROOT / "tests" / "data" / "nlp_blind4" / "heldout.jsonl"
# dev8 and dev9 (the second and third blind splits, folded in for tuning) are ratchets: their
# floors are their figures after tuning, rounded down. Raise them as they improve.
FLOORS = {
    "dev8.jsonl": dict(recall=1.0, precision=0.98, accuracy=0.96, must_visit=0.92),
    "dev9.jsonl": dict(recall=1.0, precision=1.0, accuracy=0.96, must_visit=0.94),
}


def measure(classifier, path) -> Evaluation:
    examples = read_corpus(path)
    return evaluate(examples, [classifier.classify(e.text, e.sender_role) for e in examples])


def assert_issue_targets(
    ev: Evaluation,
    min_emergency_recall: float = 1.0,
    precision: float = 0.95,
    accuracy: float = 0.92,
    must_visit: float = 0.85,
) -> None:
    emergency = ev.per_kind["emergency"]
    assert emergency.recall >= min_emergency_recall, f"emergency recall {emergency.recall:.3f}"
    assert emergency.precision >= precision, f"emergency precision {emergency.precision:.3f}"
    assert ev.kind_accuracy >= accuracy, f"kind accuracy {ev.kind_accuracy:.3f}"
    assert ev.none_misfiled <= 0.03, f"none misfiled {ev.none_misfiled:.3f}"
    assert ev.must_visit_recall >= must_visit, f"must-visit recall {ev.must_visit_recall:.3f}"


@pytest.mark.parametrize("name", TUNING)
def test_tuning_splits_meet_the_issue_targets(classifier, name):
    # dev4 keeps one emergency the rules cannot read (a child nicknamed 狗子, "the dog").
    ev = measure(classifier, DATA / name)
    if name in FLOORS:
        floors = dict(FLOORS[name])
        assert_issue_targets(ev, floors.pop("recall"), **floors)
    else:
        assert_issue_targets(ev, 0.97 if name == "dev4.jsonl" else 1.0)


# Measured once, on 2026-11-23, when the split was first evaluated: kind accuracy 89.0 %,
# emergency precision 92.0 % / recall 92.0 %, none misfiled 4.0 %, must-visit recall 86.1 %.
# The issue's targets are not met on unseen wording yet; this test turns green (and, being
# strict, fails as an unexpected pass) the day they are, and the floors below stop a regression.
HELDOUT_FLOORS = dict(min_emergency_recall=0.92, precision=0.92, accuracy=0.89, must_visit=0.861)
HELDOUT_NONE_MISFILED = 0.04


def _heldout(classifier) -> Evaluation:
    if not HELDOUT.is_file():
        pytest.fail(
            f"the held-out split {HELDOUT} is missing; it is written by someone who "
            "has not seen the rules, and evaluated once by the lead"
        )
    return measure(classifier, HELDOUT)


@pytest.mark.xfail(strict=True, reason="issue 3 targets not yet met on the blind held-out split")
def test_heldout_split_meets_the_issue_targets(classifier):
    assert_issue_targets(_heldout(classifier))


def test_heldout_split_does_not_fall_below_its_first_measurement(classifier):
    ev = _heldout(classifier)
    emergency = ev.per_kind["emergency"]
    assert emergency.recall >= HELDOUT_FLOORS["min_emergency_recall"] - 1e-9
    assert emergency.precision >= HELDOUT_FLOORS["precision"] - 1e-9
    assert ev.kind_accuracy >= HELDOUT_FLOORS["accuracy"] - 1e-3
    assert ev.must_visit_recall >= HELDOUT_FLOORS["must_visit"] - 1e-3
    assert ev.none_misfiled <= HELDOUT_NONE_MISFILED + 1e-3
