"""Forgiving argument parsing: people type `#27`, `27`, `＃２７`, `@李建国` or `李建国`."""

from __future__ import annotations

import re
import unicodedata

from handlers.commands.registry import UsageError

RECORD_ID = re.compile(r"^#?(\d{1,9})$")
MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


def normalise(text: str) -> str:
    """Full-width digits, letters and signs to ASCII (NFKC), WeChat's mention spaces to spaces."""
    return unicodedata.normalize("NFKC", text).replace("\u2005", " ").strip()


def split_args(text: str, limit: int = -1) -> list[str]:
    """Whitespace-separated words, normalised; with `limit`, the rest after them stays as written.

    The rest is free text (a progress note, a result, a reason) that is stored and echoed back.
    """
    words = text.split(maxsplit=limit)
    if 0 <= limit < len(words):
        return [normalise(word) for word in words[:limit]] + [words[limit].strip()]
    return [normalise(word) for word in words]


def record_id(token: str) -> int:
    match = RECORD_ID.match(normalise(token))
    if match is None:
        raise UsageError(token)
    return int(match.group(1))


def person_name(token: str) -> str:
    name = normalise(token).lstrip("@").strip()
    if not name:
        raise UsageError(token)
    return name


def month(token: str) -> tuple[int, int]:
    match = MONTH.match(normalise(token))
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(token)
    return int(match.group(1)), int(match.group(2))
