from hypothesis import given
from hypothesis import strategies as st

from nlp.normalize import normalize, to_simplified


def test_traditional_characters_become_simplified():
    assert normalize("路燈壞了好幾天", 100) == "路灯坏了好几天"
    assert normalize("我們村後山著火了", 100) == "我们村后山着火了"


def test_simplified_text_is_returned_unchanged():
    text = "路灯坏了 著名的后山"  # 著 and 后 are valid simplified characters
    assert to_simplified(text) is text


def test_full_width_and_case_are_folded():
    assert normalize("快打１２０！！ＯＫ", 100) == "快打120!!ok"


def test_text_is_cut_to_max_chars():
    assert normalize("着火" * 100, 7) == "着火着火着火着"


@given(st.text(max_size=200))
def test_any_text_normalises_without_error(text):
    assert isinstance(normalize(text, 50), str)
