"""The contract of `classify`, with the shipped rules."""

import dataclasses
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import Classification, classify, load_rules, segment
from nlp.markers import MARKERS
from nlp.normalize import normalize
from nlp.rulefile import DEFAULT_RULES
from nlp.vocab import CATEGORIES, KINDS, REASONS, URGENCIES


@pytest.mark.parametrize(
    "text",
    [
        "村东头老王家着火了!!快来人",
        "我妈突然晕倒了叫不醒",
        "我家老人早上出门到现在没回来 有老年痴呆 大家帮忙找找",
        "河水漫进来了 一楼全淹了 老人还在里面",
        "闻到好大的煤气味 是不是漏气了",
        "有人在村口拿刀砍人 快报警",
        "小孩掉河里了 快来救人",
    ],
)
def test_emergencies(classifier, text):
    answer = classifier.classify(text, "household")
    assert (answer.kind, answer.must_visit, answer.urgency) == ("emergency", "incident", "critical")


@pytest.mark.parametrize(
    "text",
    [
        "【通知】本周六上午开展消防演练,请各户派代表参加",
        "温馨提示:天干物燥,大家注意防火",
        "电影里着火那段太吓人了",
        "上个月着火的事已经处理好了,谢谢大家",
        "救命啊这天也太热了",
        "哈哈哈笑死我了",
        "路灯不是坏了,是定时的",
        "垃圾今天已经清运走了",
        "收到",
        "好的 谢谢书记👍",
    ],
)
def test_near_misses_and_chatter_are_none(classifier, text):
    answer = classifier.classify(text)
    assert answer.kind == "none" and answer.must_visit is None and answer.category is None


@pytest.mark.parametrize(
    "text,role,kind,reason,category",
    [
        ("我爸昨天住院了", "household", "visit", "illness", None),
        ("下个月我家闺女结婚", "household", "visit", "family_event", None),
        ("今天走访了王秀英家,老人身体不错", "member", "visit", None, None),
        ("路燈壞了好幾天了", "household", "grievance", None, "城乡建设"),
        ("隔壁把围墙砌到我家地里了,说了也不听,请村里评评理", "household", "grievance", "dispute", "矛盾纠纷"),
        ("昨晚我家厨房起火了,已经扑灭了", "household", "visit", "incident", None),
    ],
)
def test_records(classifier, text, role, kind, reason, category):
    answer = classifier.classify(text, role)
    assert (answer.kind, answer.must_visit, answer.category) == (kind, reason, category)


@pytest.mark.parametrize("text", ["", "   \n\t", "😂😂😂🙏", "着火" * 2500, "a" * 5000, "【】@所有人!!"])
def test_odd_inputs_get_an_answer(classifier, text):
    answer = classifier.classify(text)
    assert answer.kind in KINDS and 0.0 <= answer.confidence <= 1.0


def test_empty_text_is_none(classifier):
    assert classifier.classify("").kind == "none"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "household", "member", "hub", "secretary"]))
def test_any_text_gets_a_valid_answer_whose_keywords_are_in_the_text(text, role):
    answer = classify(text, role)
    assert answer.kind in KINDS and answer.urgency in URGENCIES
    assert answer.must_visit in (None, *REASONS) and answer.category in (None, *CATEGORIES)
    clean = normalize(text, 2000)
    assert all(word in clean or word in MARKERS.values() for word in answer.keywords)


def test_keywords_explain_the_answer(classifier):
    assert set(classifier.classify("村口的路灯坏了好几天了").keywords) >= {"路灯", "坏了"}


def test_the_answer_is_a_frozen_value_with_the_contract_keys(classifier):
    answer = classifier.classify("路灯坏了")
    assert isinstance(answer, Classification)
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.kind = "none"
    assert list(answer.to_dict()) == ["kind", "must_visit", "category", "urgency", "keywords", "confidence"]
    assert isinstance(answer.to_dict()["keywords"], list)


def test_bad_arguments_are_programming_errors(classifier):
    with pytest.raises(ValueError):
        classifier.classify("路灯坏了", "mayor")
    with pytest.raises(TypeError):
        classifier.classify(None)


def test_load_rules_gives_an_independent_classifier(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text('[[groups]]\nname = "x"\nemergency = 5\nwords = ["路灯"]', encoding="utf-8")
    own = load_rules(path)
    assert own.classify("路灯").kind == "emergency"
    assert load_rules(DEFAULT_RULES).classify("路灯").kind != "emergency"


def test_segment_uses_the_domain_dictionary():
    assert "微心愿" in segment("我想提个微心愿")


def test_concurrent_callers_get_the_same_answers(classifier):
    texts = ["路灯坏了", "着火了快来人", "收到", "我爸住院了"] * 25
    expected = [classifier.classify(t) for t in texts]
    results: list[list[Classification]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        results[slot] = [classifier.classify(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


@pytest.mark.parametrize("phone", ["13812345678", "13900001111", "186****1234"])
def test_a_phone_number_does_not_make_a_problem_an_ad(classifier, phone):
    # The number used to count as an ad (none +3), and its digits were cut into words:
    # 12345 (the hotline) voted for a petition, 打我 (电话) for violence.
    c = classifier.classify(f"村口路灯坏了好几天了，有事打我电话{phone}", "household")
    assert (c.kind, c.must_visit, c.category) == ("grievance", None, "城乡建设")
    assert "12345" not in c.keywords


def test_an_ad_with_a_phone_number_is_still_none(classifier):
    assert classifier.classify("出售九成新电动车 有意者联系13812345678").kind == "none"
