"""`python -m nlp classify`: JSON Lines in, one JSON object out per line, in order."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

from nlp.classifier import Classifier
from nlp.vocab import ROLES

log = logging.getLogger(__name__)

# One encoder for every answer: `json.dumps(..., ensure_ascii=False)` builds a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode
CHUNK = 1 << 16  # bytes read at most at once from the input


class Input(Protocol):
    """What `serve` reads from: a buffered binary stream (`sys.stdin.buffer`, `io.BytesIO`)."""

    def read1(self, size: int = ..., /) -> bytes: ...


def answer_line(classifier: Classifier, line: str | bytes) -> dict[str, Any]:
    """The answer for one input line; a malformed line gets {"error": ...}, never an exception."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"invalid JSON: {exc.msg}"}
    except UnicodeDecodeError as exc:
        return {"error": f"invalid JSON: not UTF-8 ({exc.reason})"}
    if not isinstance(request, dict):
        return {"error": "each line must be a JSON object"}
    text = request.get("text")
    role = request.get("sender_role")
    if not isinstance(text, str):
        return {"error": "'text' must be a string"}
    if role is not None and role not in ROLES:
        return {"error": f"'sender_role' must be one of {list(ROLES)} or null"}
    return classifier.classify(text, role).to_dict()


def classify_lines(classifier: Classifier, lines: Iterable[str | bytes], first: int = 1) -> Iterator[str]:
    """The JSON answer for each line, numbered from `first` in the warnings about bad lines."""
    for number, line in enumerate(lines, first):
        answer = answer_line(classifier, line)
        if "error" in answer:
            log.warning("line %d: %s", number, answer["error"])
        yield _encode(answer)


def serve(classifier: Classifier, stdin: Input, stdout: IO[bytes]) -> None:
    """Answer every line of `stdin` on `stdout`, flushing whenever the input has no whole
    line left to answer.

    The input is read as it arrives, at most `CHUNK` bytes at a time (`read1` waits only when
    nothing is there), and the answers to what was read are written and flushed together: a
    program that sends one line and waits gets its answer at once, and a file of 50,000
    lines costs a few hundred writes instead of one flush per line.
    """
    pending = b""
    number = 1
    while chunk := stdin.read1(CHUNK):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        if lines:
            _answer(classifier, lines, number, stdout)
            number += len(lines)
    if pending:  # a last line without its newline
        _answer(classifier, [pending], number, stdout)


def _answer(classifier: Classifier, lines: list[bytes], first: int, stdout: IO[bytes]) -> None:
    stdout.write("".join([answer + "\n" for answer in classify_lines(classifier, lines, first)]).encode())
    stdout.flush()
