from tests.nlp.helpers import group

from nlp.lexicon import build_lexicon
from nlp.scan import ACTIVE, NEGATED, RESOLVED, scan

LEXICON = build_lexicon([
    group("neg", ["不是", "没"], cue="negation"),
    group("closer", ["修好了"], cue="resolved"),
    group("but", ["但是"], cue="clause"),
    group("past", ["昨天"], cue="past"),
    group("broken", ["坏了", "漏了"], grievance=2.5),
    group("lamp", ["路灯"], **{"城乡建设": 2}),
    group("fire", ["着火"], emergency=4),
])


def statuses(tokens, window=3):
    return [(h.word, h.status, h.by) for h in scan(tokens, LEXICON, window).hits]


def test_negation_cancels_the_next_rule_word_in_its_clause():
    assert statuses(["路灯", "不是", "坏了"]) == [("路灯", ACTIVE, ""), ("坏了", NEGATED, "不是")]
    assert statuses(["没", "着火"]) == [("着火", NEGATED, "没")]


def test_negation_stops_at_punctuation_and_after_its_window():
    assert statuses(["不是", ",", "坏了"]) == [("坏了", ACTIVE, "")]
    assert statuses(["不是", "a", "b", "c", "坏了"], window=3) == [("坏了", ACTIVE, "")]


def test_a_closer_closes_the_problems_before_it_but_not_after_a_contrast():
    tokens = ["路灯", "坏了", ",", "修好了", ",", "但是", "水管", "漏了"]
    assert statuses(tokens) == [
        ("路灯", ACTIVE, ""), ("坏了", RESOLVED, "修好了"), ("漏了", ACTIVE, ""),
    ]


def test_a_negated_closer_closes_nothing():
    assert statuses(["路灯", "坏了", "没", "修好了"]) == [("路灯", ACTIVE, ""), ("坏了", ACTIVE, "")]


def test_message_cues_are_collected_with_their_first_position():
    assert scan(["昨天", "着火"], LEXICON, 3).cues == {"past": ("昨天", 0)}
