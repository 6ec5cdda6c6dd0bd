import io
import json
import os
import select
import subprocess
import sys

import pytest

from nlp.jsonl import answer_line, classify_lines, serve
from tests.nlp.helpers import ROOT


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


class Trickle:
    """A binary input that hands out at most `size` bytes per read, as a slow pipe does."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read1(self, size: int = -1, /) -> bytes:
        chunk, self.data = self.data[: self.size], self.data[self.size :]
        return chunk


REQUESTS = [
    json.dumps({"text": "村口着火了 快来人", "sender_role": "household"}, ensure_ascii=False),
    "{broken",
    json.dumps({"text": "收到"}, ensure_ascii=False),
    "",
    json.dumps({"text": "路灯坏了好几天了"}, ensure_ascii=False),
]


@pytest.mark.parametrize("size", [1, 5, 64, 1 << 16])
def test_serve_answers_like_classify_lines_however_the_input_arrives(classifier, size, caplog):
    expected = list(classify_lines(classifier, REQUESTS))
    caplog.clear()
    data = "\n".join(REQUESTS).encode()  # the last line has no newline
    out = io.BytesIO()
    serve(classifier, Trickle(data, size), out)
    assert out.getvalue().decode().splitlines() == expected
    assert out.getvalue().endswith(b"\n")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["line 2", "line 4"]


def test_a_line_that_is_not_utf8_gets_an_error(classifier):
    out = io.BytesIO()
    serve(classifier, io.BytesIO(b'{"text": "\xff\xfe"}\n{"text": "\xe6\x94\xb6\xe5\x88\xb0"}\n'), out)
    first, second = map(json.loads, out.getvalue().splitlines())
    assert "UTF-8" in first["error"] and second["kind"] == "none"


def test_classify_answers_each_line_before_the_next_arrives():
    """A program that writes one line and waits for its answer is not left waiting."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nlp", "classify"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for text, kind in [("着火了快来人", "emergency"), ("收到", "none"), ("路灯坏了好几天了", "grievance")]:
            process.stdin.write(json.dumps({"text": text}, ensure_ascii=False).encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 120)
            assert ready, f"no answer to {text!r} while the input stays open"
            assert json.loads(process.stdout.readline())["kind"] == kind
        process.stdin.close()
        assert process.wait(timeout=60) == 0 and process.stdout.read() == b""
    finally:
        process.kill()
        process.wait()
