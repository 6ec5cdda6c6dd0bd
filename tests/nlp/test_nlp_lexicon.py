from nlp.lexicon import build_lexicon
from tests.nlp.helpers import group


def test_each_word_indexes_its_cue_and_weighted_groups():
    negation = group("neg", ["不是"], cue="negation")
    fire = group("fire", ["着火", "起火"], emergency=4)
    lexicon = build_lexicon([negation, fire])
    assert lexicon["不是"].cues == (negation,) and lexicon["不是"].weighted == ()
    assert lexicon["起火"].weighted == (fire,)


def test_a_long_word_inherits_the_topic_of_a_topic_word_inside_it():
    dumping = group("dumping", ["倒建筑垃圾"], violation=3)
    topic = group("环境保护", ["建筑垃圾", "垃圾"], **{"环境保护": 2})
    lexicon = build_lexicon([dumping, topic])
    inherited = [g for g in lexicon["倒建筑垃圾"].weighted if g is not dumping]
    assert [dict(g.weights) for g in inherited] == [{"环境保护": 2}]


def test_a_topic_word_keeps_only_its_own_topic():
    topic = group("环境保护", ["建筑垃圾", "垃圾"], **{"环境保护": 2})
    other = group("城乡建设", ["建筑"], **{"城乡建设": 2})
    lexicon = build_lexicon([topic, other])
    assert lexicon["建筑垃圾"].weighted == (topic,)
