"""The issue's accuracy targets, measured on the labelled corpus.

Every split in tests/data/nlp has been used for tuning (see its README), so meeting the
targets there proves little about new wording. The held-out split,
tests/data/nlp_blind7/heldout.jsonl, is written by someone who has not seen the rules;
the rules must never be tuned on it, and this test is the only thing that reads it.
Whoever tunes the rules runs pytest with `-k "not heldout"`, so never sees its figures.
"""

import pytest

from nlp.corpus import read_corpus
from nlp.metrics import Evaluation, evaluate
from tests.nlp.helpers import DATA, ROOT

TUNING = sorted(p.name for p in DATA.glob("dev*.jsonl"))
HELDOUT = ROOT / "tests" / "data" / "nlp_blind7" / "heldout.jsonl"
# The tuning splits are what the learnt models were fitted on, so these floors say nothing of
# new wording; they catch a broken rules file, a broken miner or a stale learnt.toml.
TUNING_FLOORS = dict(min_emergency_recall=0.99, precision=0.95, accuracy=0.96, must_visit=0.95)
TUNING_NONE_MISFILED = 0.05


def measure(classifier, path) -> Evaluation:
    examples = read_corpus(path)
    return evaluate(examples, [classifier.classify(e.text, e.sender_role) for e in examples])


def assert_issue_targets(
    ev: Evaluation,
    min_emergency_recall: float = 1.0,
    precision: float = 0.95,
    accuracy: float = 0.92,
    must_visit: float = 0.85,
    none_misfiled: float = 0.03,
) -> None:
    emergency = ev.per_kind["emergency"]
    assert emergency.recall >= min_emergency_recall, f"emergency recall {emergency.recall:.3f}"
    assert emergency.precision >= precision, f"emergency precision {emergency.precision:.3f}"
    assert ev.kind_accuracy >= accuracy, f"kind accuracy {ev.kind_accuracy:.3f}"
    assert ev.none_misfiled <= none_misfiled, f"none misfiled {ev.none_misfiled:.3f}"
    assert ev.must_visit_recall >= must_visit, f"must-visit recall {ev.must_visit_recall:.3f}"


@pytest.mark.parametrize("name", TUNING)
def test_tuning_splits_hold_their_floors(classifier, name):
    ev = measure(classifier, DATA / name)
    floors = dict(TUNING_FLOORS)
    assert_issue_targets(ev, floors.pop("min_emergency_recall"), **floors, none_misfiled=TUNING_NONE_MISFILED)


# Measured once, on 2026-11-23, when the split was first evaluated (200 messages): kind
# accuracy 95.5 %, emergency recall 100 % (50 of 50) and precision 96.2 % (2 false alarms),
# none misfiled 2.0 %, must-visit recall 94.2 %: the issue's targets are met. The floors below
# (those figures) stop a regression; the two blind splits before it each missed one target by
# one message (see tests/data/nlp/README.md), so the margin is thin.
HELDOUT_FLOORS = dict(min_emergency_recall=1.0, precision=0.961, accuracy=0.955, must_visit=0.941)
HELDOUT_NONE_MISFILED = 0.02


def _heldout(classifier) -> Evaluation:
    if not HELDOUT.is_file():
        pytest.fail(
            f"the held-out split {HELDOUT} is missing; it is written by someone who "
            "has not seen the rules, and evaluated once by the lead"
        )
    return measure(classifier, HELDOUT)


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


# Topic (一级分类) accuracy, of the grievances read as grievances. Before the learnt category
# model (the rules of categories.toml alone, 2026-12-04): 70.9 % pooled over the tuning splits,
# 65.1 % on dev24-27, 35.1 % of the real board complaints' tuning part, 70.2 % on the blind
# split. In cross-validation (a split held out, the model fitted without it) the learnt model
# routed 84.0 % of dev24 and dev26 (the rules 56.5 %) and 61.3 % of two quarters of the real
# tuning part (the rules 28.6 %). The floors are the figures of the models as shipped,
# 2026-12-04, which were fitted on these messages: they catch a stale or broken model only.
TUNING_TOPIC = 0.989  # 2,314 grievances
REAL = ROOT / "tests" / "data" / "nlp_real"
REAL_TUNE_TOPIC = 0.958  # 265 grievances read as grievances


def test_tuning_splits_route_the_topics_of_their_grievances(classifier):
    examples = [e for name in TUNING for e in read_corpus(DATA / name)]
    ev = evaluate(examples, [classifier.classify(e.text, e.sender_role) for e in examples])
    assert ev.category_accuracy >= TUNING_TOPIC - 1e-3, f"topic accuracy {ev.category_accuracy:.3f}"


def test_real_tuning_part_routes_the_topics_of_its_complaints(classifier):
    ev = measure(classifier, REAL / "tune.jsonl")
    assert ev.category_accuracy >= REAL_TUNE_TOPIC - 1e-3, f"topic accuracy {ev.category_accuracy:.3f}"


# Evaluated once, 2026-12-04, with the category model as shipped (aggregate figures only):
# the blind split 91.5 % (43 of 47 grievances read as grievances; the rules alone had 70.2 %),
# the real complaints' held-out part 62.3 % (284; the issue's target is 75 %).
HELDOUT_TOPIC = 0.915
REAL_HELDOUT_TOPIC = 0.623


def test_heldout_split_routes_topics_as_first_measured(classifier):
    ev = _heldout(classifier)
    assert ev.category_accuracy >= HELDOUT_TOPIC - 1e-3, f"topic accuracy {ev.category_accuracy:.3f}"


def test_real_heldout_part_routes_topics_as_first_measured(classifier):
    ev = measure(classifier, REAL / "heldout.jsonl")
    assert ev.category_accuracy >= REAL_HELDOUT_TOPIC - 1e-3, f"topic accuracy {ev.category_accuracy:.3f}"


@pytest.mark.xfail(strict=True, reason="issue 13: topic accuracy on real complaints is 62.3 %, target 75 %")
def test_real_heldout_part_meets_the_topic_target(classifier):
    assert measure(classifier, REAL / "heldout.jsonl").category_accuracy >= 0.75


# The eighth blind split (440 messages by four writers, see its README), evaluated once before
# and once after the issue-13 work, 2026-12-04. Before: kind accuracy 95.2 %, emergency recall
# 100 % (80 of 80), precision 93.0 %, none misfiled 2.9 %, must-visit recall 93.1 %, topic
# 71.4 %. After: kind accuracy 95.7 %, emergency recall 100 %, precision 94.1 % (5 false
# alarms), none misfiled 2.1 %, must-visit recall 93.1 %, topic 87.4 % (127 grievances read as
# grievances). The floors are the figures after; emergency precision misses the issue's 95 %.
BLIND8 = ROOT / "tests" / "data" / "nlp_blind8" / "heldout.jsonl"
BLIND8_FLOORS = dict(min_emergency_recall=1.0, precision=0.941, accuracy=0.957, must_visit=0.931)
BLIND8_NONE_MISFILED = 0.021
BLIND8_TOPIC = 0.874


def test_blind8_does_not_fall_below_its_measurement(classifier):
    ev = measure(classifier, BLIND8)
    floors = dict(BLIND8_FLOORS)
    recall = floors.pop("min_emergency_recall")
    assert_issue_targets(
        ev, recall, **{k: v - 1e-3 for k, v in floors.items()}, none_misfiled=BLIND8_NONE_MISFILED + 1e-3
    )
    assert ev.category_accuracy >= BLIND8_TOPIC - 1e-3, f"topic accuracy {ev.category_accuracy:.3f}"


def test_blind8_meets_the_topic_target(classifier):
    assert measure(classifier, BLIND8).category_accuracy >= 0.80


@pytest.mark.xfail(strict=True, reason="issue 13: emergency precision on the eighth blind split is 94.1 %, target 95 %")
def test_blind8_meets_the_issue_targets(classifier):
    assert_issue_targets(measure(classifier, BLIND8), accuracy=0.95, must_visit=0.90)
