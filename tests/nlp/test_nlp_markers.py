from nlp.markers import find_markers


def test_layout_signals_become_pseudo_tokens_in_order():
    text = "@所有人 【通知】明天停水!! 电话138xxxx8888 详见https://x.cn"
    assert find_markers(text) == ["@所有人", "【】", "!!", "<phone>", "<url>"]


def test_plain_message_has_no_markers():
    assert find_markers("路灯坏了好几天了!") == []


def test_a_single_exclamation_mark_is_not_a_marker():
    assert find_markers("着火了!") == []


def test_phone_numbers_are_masked_before_segmentation():
    from nlp.markers import mask_phones

    assert mask_phones("有事打我电话13812345678") == "有事打我电话 "
    assert mask_phones("打12345投诉") == "打12345投诉"
