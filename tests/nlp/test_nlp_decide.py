import pytest

from nlp.decide import choose_category, choose_kind, choose_reason, choose_urgency, confidence, learnt_keywords
from nlp.learnt import LinearModel
from nlp.scan import Hit
from nlp.scoring import Scores
from nlp.vocab import KINDS
from tests.nlp.helpers import group, make_rules

T = {"emergency": 3.0, "grievance": 2.0, "visit": 2.0, "reason": 2.0, "category": 1.0}
RULES = make_rules()


def scores(first=None, **totals):
    return Scores(totals=totals, first=first or {k: 0 for k in totals})


@pytest.mark.parametrize(
    "totals,kind",
    [
        ({"emergency": 3.5, "grievance": 3.0, "none": 1.5}, "emergency"),
        ({"emergency": 2.9, "grievance": 2.5, "none": 1.5}, "grievance"),
        ({"emergency": 3.5, "none": 4.0}, "none"),
        ({"grievance": 3.0, "visit": 3.0, "none": 1.5}, "grievance"),
        ({"grievance": 2.0, "visit": 4.0, "none": 1.5}, "visit"),
        ({"visit": 1.9, "none": 1.0}, "none"),
        ({"grievance": 2.5, "none": 2.5}, "none"),
    ],
)
def test_kind(totals, kind):
    assert choose_kind(totals, T) == kind


def test_reason_emergency_is_always_an_incident_and_none_has_none():
    assert choose_reason("emergency", scores(illness=5), 2.0) == "incident"
    assert choose_reason("none", scores(illness=5), 2.0) is None


def test_reason_ties_go_to_the_first_named():
    tied = scores(first={"illness": 4, "hardship": 1}, illness=3, hardship=3)
    assert choose_reason("grievance", tied, 2.0) == "hardship"
    assert choose_reason("visit", scores(illness=1.5), 2.0) is None


def test_category_routing():
    assert choose_category("visit", None, scores(城乡建设=2), [], RULES) is None
    assert choose_category("grievance", "dispute", scores(城乡建设=2), [], RULES) == "矛盾纠纷"
    assert choose_category("grievance", "hardship", scores(), [], RULES) == "民政"
    assert choose_category("grievance", None, scores(), [], RULES) is None
    assert choose_category("grievance", None, scores(城乡建设=1, 环境保护=2), [], RULES) == "环境保护"


def test_a_category_tie_goes_to_the_problem_word_then_the_first_named():
    school = Hit("学校", group("s", ["学校"], **{"教育文体": 2}), 0, 0)
    parking = [
        Hit("乱停车", group("p", ["乱停车"], grievance=2.5), 2, 0),
        Hit("乱停车", group("t", ["乱停车"], **{"交通运输": 2}), 2, 0),
    ]
    tied = scores(first={"教育文体": 0, "交通运输": 2}, 教育文体=2, 交通运输=2)
    assert choose_category("grievance", None, tied, [school, *parking], RULES) == "交通运输"
    assert choose_category("grievance", None, tied, [school, parking[1]], RULES) == "教育文体"


def test_urgency():
    assert choose_urgency("emergency", "incident", False, RULES) == "critical"
    assert choose_urgency("grievance", None, False, RULES) == "normal"
    assert choose_urgency("grievance", None, True, RULES) == "high"
    assert choose_urgency("grievance", "petition", True, RULES) == "high"
    assert choose_urgency("none", None, True, RULES) == "low"


def test_confidence_is_the_winning_share():
    assert confidence("none", {"none": 1.5}, 2.0) == pytest.approx(0.414, abs=1e-3)
    assert 0.9 < confidence("emergency", {"emergency": 12.0, "none": 1.5}, 2.0) <= 1.0


def ngram_model(**grams: float) -> LinearModel:
    """A kind model weighing each n-gram for grievance only."""
    zero = (0.0,) * len(KINDS)
    weights = {g: (w, 0.0, 0.0, 0.0) for g, w in grams.items()}
    return LinearModel(KINDS, zero, {}, {}, {}, weights)


def test_learnt_keywords_put_words_before_single_characters():
    model = ngram_model(吵=3.0, 吵闹=1.0, 天天=2.0, 闹=2.5)
    assert learnt_keywords(model, "grievance", ["吵", "吵闹", "闹", "天天"]) == ("天天", "吵闹", "吵")


def test_learnt_keywords_list_only_ngrams_weighing_for_the_kind():
    model = ngram_model(吵闹=1.0, 谢谢=-2.0, 收到=0.0)
    assert learnt_keywords(model, "grievance", ["谢谢", "收到", "吵闹", "不在表里"]) == ("吵闹",)
    assert learnt_keywords(model, "visit", ["吵闹"]) == ()


def test_learnt_keywords_stop_at_the_limit():
    model = ngram_model(一二=4.0, 二三=3.0, 三四=2.0, 四五=1.0)
    assert learnt_keywords(model, "grievance", ["四五", "三四", "二三", "一二"], limit=2) == ("一二", "二三")
