import json

import pytest

from nlp.jsonl import answer_line, classify_lines


@pytest.mark.parametrize(
    "line,error",
    [
        ("not json", "invalid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"sender_role": "household"}', "'text'"),
        ('{"text": 5}', "'text'"),
        ('{"text": "路灯坏了", "sender_role": "mayor"}', "'sender_role'"),
        ("", "invalid JSON"),
    ],
)
def test_a_bad_line_gets_an_error_object(classifier, line, error):
    answer = answer_line(classifier, line)
    assert list(answer) == ["error"] and error in answer["error"]


def test_a_good_line_gets_the_contract(classifier):
    answer = answer_line(classifier, '{"text": "着火了快来人", "sender_role": "household"}')
    assert answer["kind"] == "emergency" and set(answer) >= {"keywords", "confidence"}


def test_one_output_line_per_input_line_in_order(classifier):
    lines = ['{"text": "收到"}', "oops", '{"text": "着火了快来人"}']
    out = [json.loads(line) for line in classify_lines(classifier, lines)]
    assert [o.get("kind", "error") for o in out] == ["none", "error", "emergency"]
