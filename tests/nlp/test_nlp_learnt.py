"""The learnt models: the n-grams they read, their scores and explanation, and the choices."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from nlp import Classifier
from nlp.corpus import read_corpus
from nlp.learnt import GRAM_LENGTH, NO_REASON, REASON_CLASSES, Learnt, LinearModel, Weights, softmax, text_ngrams
from nlp.vocab import KINDS, REASONS
from tests.nlp.helpers import DATA


def model(
    classes: tuple[str, ...] = KINDS,
    bias: Weights | None = None,
    rules: Mapping[str, Weights] | None = None,
    cues: Mapping[str, Weights] | None = None,
    roles: Mapping[str, Weights] | None = None,
    ngrams: Mapping[str, Weights] | None = None,
) -> LinearModel:
    return LinearModel(classes, bias or (0.0,) * len(classes), rules or {}, cues or {}, roles or {}, ngrams or {})


def learnt(
    kind_ngrams: tuple[str, ...] = (),
    reason_ngrams: tuple[str, ...] = (),
    emergency_threshold: float = 0.4,
    reason_threshold: float = 0.6,
) -> Learnt:
    kind = model(ngrams={g: (1.0, 0.0, 0.0, 0.0) for g in kind_ngrams})
    reason = model(REASON_CLASSES, ngrams={g: (1.0,) + (0.0,) * len(REASONS) for g in reason_ngrams})
    return Learnt("test", kind, reason, emergency_threshold, reason_threshold)


FIRE = model(
    bias=(1.0, 0.0, 0.0, 0.0),
    rules={"emergency": (0.0, 0.0, 0.5, -0.25)},
    cues={"fiction": (0.0, 0.0, -1.0, 1.0)},
    roles={"household": (0.5, 0.0, 0.0, 0.0)},
    ngrams={"着火": (0.0, 0.0, 2.0, 0.0), "谢谢": (0.0, 0.0, 0.0, 3.0)},
)


def sized(*grams: str) -> set[str]:
    """The `grams` of the sizes the models use."""
    return {g for g in grams if len(g) == GRAM_LENGTH}


def test_text_ngrams_are_the_chinese_ngrams_of_the_model_sizes():
    assert text_ngrams("着火了") == sized("着", "火", "了", "着火", "火了", "着火了")


def test_text_ngrams_do_not_cross_punctuation_latin_digits_or_spaces():
    assert text_ngrams("着火,ab了1啊 快来人") == sized(
        "着", "火", "着火", "了", "啊", "快", "来", "人", "快来", "来人", "快来人"
    )
    assert text_ngrams("sos 119!") == set()


def test_text_ngrams_stop_at_three_characters():
    assert text_ngrams("一二三四五") == sized(
        *"一二三四五", "一二", "二三", "三四", "四五", "一二三", "二三四", "三四五"
    )


def test_scores_add_the_bias_and_the_weights_of_each_feature_present():
    scores = FIRE.scores(["着火"], {"emergency": 4.0}, ["fiction"], "household")
    assert scores == pytest.approx([1.5, 0.0, 2.0 + 2.0 - 1.0, -1.0 + 1.0])


def test_unlisted_features_and_zero_rule_scores_weigh_nothing():
    unlisted = FIRE.scores(["下雨"], {"emergency": 0.0, "visit": 3.0}, ["past"], "member")
    assert unlisted == pytest.approx([1.0, 0.0, 0.0, 0.0])
    assert FIRE.scores([], {}, [], None) == pytest.approx(list(FIRE.bias))


def test_terms_name_each_feature_present_with_its_contribution():
    terms = FIRE.terms(["着火", "下雨"], {"emergency": 4.0}, ["fiction", "past"], "household")
    assert terms == [
        ("bias", (1.0, 0.0, 0.0, 0.0)),
        ("rules.emergency", (0.0, 0.0, 2.0, -1.0)),
        ("cues.fiction", (0.0, 0.0, -1.0, 1.0)),
        ("roles.household", (0.5, 0.0, 0.0, 0.0)),
        ('ngrams."着火"', (0.0, 0.0, 2.0, 0.0)),
    ]


def column_sums(terms: list[tuple[str, Weights]]) -> list[float]:
    return [sum(column) for column in zip(*(weights for _, weights in terms), strict=True)]


def test_scores_equal_the_column_sums_of_terms_on_real_messages(classifier: Classifier):
    shipped = classifier.rules.learnt
    assert shipped is not None
    with_ngrams = 0
    for example in read_corpus(DATA / "dev11.jsonl")[:300]:
        analysis = classifier.analyse(example.text, example.sender_role)
        args = (analysis.grams or [], analysis.scores.totals, analysis.found.cues.keys(), example.sender_role)
        for linear in (shipped.kind, shipped.reason):
            terms = linear.terms(*args)
            assert linear.scores(*args) == pytest.approx(column_sums(terms), abs=1e-9), example.text
            with_ngrams += any(name.startswith("ngrams.") for name, _ in terms)
    assert with_ngrams > 300


def test_softmax_gives_probabilities_in_the_order_of_the_scores():
    probabilities = softmax([2.0, 0.0, 1.0])
    assert sum(probabilities) == pytest.approx(1.0)
    assert probabilities[0] > probabilities[2] > probabilities[1] > 0
    assert softmax([0.0, 0.0]) == pytest.approx([0.5, 0.5])


def test_softmax_ignores_a_common_shift_and_does_not_overflow():
    assert softmax([1001.0, 1000.0]) == pytest.approx(softmax([1.0, 0.0]))
    assert softmax([1e6, 0.0]) == pytest.approx([1.0, 0.0])


def test_grams_lists_each_listed_bigram_of_the_text_once_in_order_of_occurrence():
    models = learnt(kind_ngrams=("快来", "着火", "来人", "下雨"))
    assert models.grams("着火了 快来人 又着火了") == ["着火", "快来", "来人"]


def test_grams_reads_the_ngrams_of_both_models():
    models = learnt(kind_ngrams=("着火",), reason_ngrams=("住院",))
    assert set(models.grams("他住院了 家里着火了")) == {"住院", "着火"}


def test_grams_never_spans_anything_but_chinese_characters():
    models = learnt(kind_ngrams=("火快", "火快来"))
    assert models.grams("着火,快来 着火a快来 着火 快来") == []


def test_grams_of_models_without_ngrams_is_empty():
    assert learnt().grams("着火了 快来人") == []


def test_grams_are_the_listed_ngrams_of_the_text_on_real_messages(classifier: Classifier):
    shipped = classifier.rules.learnt
    assert shipped is not None
    listed = set().union(*(model.ngrams for model in shipped.models()))
    assert shipped.category is not None and set(shipped.category.ngrams) - set(shipped.kind.ngrams)
    for example in read_corpus(DATA / "dev11.jsonl")[:100]:
        grams = shipped.grams(example.text)
        assert grams == sorted(set(grams), key=example.text.find)
        assert set(grams) == text_ngrams(example.text) & listed


def kinds(**probabilities: float) -> list[float]:
    return [probabilities.get(kind, 0.0) for kind in KINDS]


@pytest.mark.parametrize(
    "probabilities, chosen",
    [
        (kinds(grievance=0.6, emergency=0.4), "emergency"),
        (kinds(grievance=0.61, emergency=0.39), "grievance"),
        (kinds(visit=0.3, emergency=0.3, none=0.4), "none"),
        (kinds(visit=0.7, emergency=0.1, none=0.2), "visit"),
        (kinds(emergency=0.9, none=0.1), "emergency"),
    ],
)
def test_choose_kind_takes_emergency_from_its_threshold_else_the_likeliest(probabilities, chosen):
    assert learnt(emergency_threshold=0.4).choose_kind(probabilities) == chosen


def reasons(**probabilities: float) -> list[float]:
    return [probabilities.get(name, 0.0) for name in REASON_CLASSES]


@pytest.mark.parametrize(
    "probabilities, chosen",
    [
        (reasons(illness=0.4, **{NO_REASON: 0.6}), None),
        (reasons(illness=0.1, **{NO_REASON: 0.9}), None),
        (reasons(illness=0.3, hardship=0.15, **{NO_REASON: 0.55}), "illness"),
        (reasons(dispute=0.2, petition=0.5, **{NO_REASON: 0.3}), "petition"),
    ],
)
def test_choose_reason_names_none_when_no_reason_reaches_its_threshold(probabilities, chosen):
    assert learnt(reason_threshold=0.6).choose_reason(probabilities) == chosen
