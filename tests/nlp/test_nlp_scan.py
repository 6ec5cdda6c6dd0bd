from nlp.lexicon import build_lexicon, build_morphemes
from nlp.ruleset import Group
from nlp.scan import ACTIVE, NEGATED, RESOLVED, scan
from tests.nlp.helpers import group

LEXICON = build_lexicon(
    [
        group("neg", ["不是", "没"], cue="negation"),
        group("closer", ["修好了"], cue="resolved"),
        group("but", ["但是"], cue="clause"),
        group("past", ["昨天"], cue="past"),
        group("broken", ["坏了", "漏了"], grievance=2.5),
        Group("lamp", "test", ("路灯",), (("城乡建设", 2.0),)),
        group("fire", ["着火"], emergency=4),
    ]
)


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
        ("路灯", ACTIVE, ""),
        ("坏了", RESOLVED, "修好了"),
        ("漏了", ACTIVE, ""),
    ]


def test_a_negated_closer_closes_nothing():
    assert statuses(["路灯", "坏了", "没", "修好了"]) == [("路灯", ACTIVE, ""), ("坏了", ACTIVE, "")]


def test_message_cues_are_collected_with_their_first_position():
    assert scan(["昨天", "着火"], LEXICON, 3).cues == {"past": ("昨天", 0)}


def test_inside_morphemes_count_within_unlisted_words_and_across_cuts():
    blood = Group("blood", "test", ("血", "不清醒"), (("emergency", 2.0),), inside=True)
    plain = group("look-alike", ["血压"], cue="plain")
    lexicon = build_lexicon([blood, plain, group("neg", ["不是"], cue="negation")])
    morphemes = build_morphemes([blood, plain])

    def found(tokens):
        return [(h.word, h.status) for h in scan(tokens, lexicon, 3, morphemes).hits]

    assert found(["满脸", "是", "血"]) == [("血", ACTIVE)]
    assert found(["血流不止"]) == [("血", ACTIVE)]
    assert found(["人", "不", "清醒"]) == [("不清醒", ACTIVE)]  # jieba's cut does not matter
    assert found(["量", "血压"]) == []  # a listed look-alike keeps its morpheme silent
    assert found(["不是", "血"]) == [("血", NEGATED)]


def test_the_shipped_morphemes_catch_wording_no_rule_lists(classifier):
    assert classifier.classify("停车场那辆车烧得噼里啪啦 快来人").kind == "emergency"
    assert classifier.classify("今晚吃火锅 谁来").kind == "none"
    assert classifier.classify("明天上午消防演练 大家不要慌").kind == "none"
