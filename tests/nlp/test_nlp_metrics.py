import pytest

from nlp.corpus import Example
from nlp.metrics import evaluate
from nlp.result import Classification


def ex(kind, reason=None, category=None, text="t"):
    return Example(text, text, None, kind, reason, category)


def got(kind, reason=None, category=None, confidence=0.5):
    return Classification(kind, reason, category, "low", (), confidence)


EXAMPLES = [
    ex("emergency", "incident"),
    ex("emergency", "incident"),
    ex("grievance", "dispute", "矛盾纠纷"),
    ex("grievance", None, "城乡建设"),
    ex("none"),
    ex("none"),
    ex("visit", "illness"),
]
PREDICTED = [
    got("emergency", "incident"),
    got("none", confidence=0.9),
    got("grievance", "dispute", "矛盾纠纷"),
    got("grievance", None, "环境保护"),
    got("none"),
    got("visit"),
    got("visit", "hardship"),
]


def test_scores():
    ev = evaluate(EXAMPLES, PREDICTED)
    assert ev.kind_accuracy == pytest.approx(5 / 7)
    emergency = ev.per_kind["emergency"]
    assert (emergency.precision, emergency.recall, emergency.support) == (1.0, 0.5, 2)
    assert ev.per_kind["none"].precision == pytest.approx(1 / 2)
    assert ev.confusion["emergency", "none"] == 1
    assert ev.none_misfiled == pytest.approx(1 / 2)
    assert ev.must_visit_recall == pytest.approx(2 / 4) and ev.must_visit_support == 4
    assert ev.category_accuracy == pytest.approx(1 / 2) and ev.category_support == 2


def test_worst_misses_come_first():
    problems = [m.problem for m in evaluate(EXAMPLES, PREDICTED).misses]
    assert problems == [
        "kind emergency -> none",
        "kind none -> visit",
        "must_visit illness -> hardship",
        "category 城乡建设 -> 环境保护",
    ]


def test_lengths_must_match():
    with pytest.raises(ValueError):
        evaluate(EXAMPLES, PREDICTED[:-1])


def test_chit_chat_filed_as_an_emergency_is_counted_apart():
    examples = [ex("none"), ex("none"), ex("none"), ex("none"), ex("grievance", None, "城乡建设")]
    predicted = [got("none"), got("emergency", "incident"), got("grievance"), got("none"), got("emergency")]
    ev = evaluate(examples, predicted)
    assert ev.none_misfiled == pytest.approx(2 / 4)
    assert ev.none_as_emergency == pytest.approx(1 / 4)
