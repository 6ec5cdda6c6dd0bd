from nlp.explain import format_trace


def test_trace_shows_segmentation_rules_and_what_cancelled_them(classifier):
    text = format_trace(classifier.analyse("路灯不是坏了,是定时的", "household"))
    assert "segments: 路灯 / 不是 / 坏了" in text
    assert '坏了: "broken or not working"' in text and "[negated by 不是]" in text
    assert '"kind": "none"' in text


def test_trace_shows_cues_and_scores(classifier):
    text = format_trace(classifier.analyse("昨晚我家厨房着火了,已经扑灭了"))
    assert "cues: " in text and "past=昨晚" in text
    assert "kinds:" in text and '"kind": "visit"' in text
