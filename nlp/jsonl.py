"""`python -m nlp classify`: JSON Lines in, one JSON object out per line, in order."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from nlp.classifier import Classifier
from nlp.vocab import ROLES

log = logging.getLogger(__name__)


def answer_line(classifier: Classifier, line: str) -> dict[str, Any]:
    """The answer for one input line; a malformed line gets {"error": ...}, never an exception."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"invalid JSON: {exc.msg}"}
    if not isinstance(request, dict):
        return {"error": "each line must be a JSON object"}
    text = request.get("text")
    role = request.get("sender_role")
    if not isinstance(text, str):
        return {"error": "'text' must be a string"}
    if role is not None and role not in ROLES:
        return {"error": f"'sender_role' must be one of {list(ROLES)} or null"}
    return classifier.classify(text, role).to_dict()


def classify_lines(classifier: Classifier, lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        answer = answer_line(classifier, line)
        if "error" in answer:
            log.warning("line %d: %s", number, answer["error"])
        yield json.dumps(answer, ensure_ascii=False)
