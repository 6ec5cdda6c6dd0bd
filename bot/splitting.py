"""Long texts cut into numbered parts that WeChat accepts: at line breaks, else at a
sentence end, else at the character count."""

from __future__ import annotations

import re
from collections.abc import Callable

# (part, parts, text) -> the numbered text
Label = Callable[[int, int, str], str]

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut where a reader would cut."""
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current = ""
    for line in _pieces(text.split("\n"), limit):
        if current and len(current) + 1 + len(line) <= limit:
            current += "\n" + line
            continue
        if current:
            chunks.append(current)
        current = line
    chunks.append(current)
    return chunks


def numbered(text: str, max_chars: int, label: Label) -> list[str]:
    """`text` itself when it fits in `max_chars`, else its parts with their labels, each fitting."""
    if len(text) <= max_chars:
        return [text]
    width = 2
    while True:
        budget = max_chars - _overhead(label, width)
        if budget < 1:
            raise ValueError(f"max_chars {max_chars} leaves no room beside the part label")
        chunks = split_text(text, budget)
        if _overhead(label, len(chunks)) <= _overhead(label, width):
            return [label(part, len(chunks), chunk) for part, chunk in enumerate(chunks, 1)]
        width = len(chunks)


def _overhead(label: Label, parts: int) -> int:
    """How many characters the label of the last of `parts` parts adds to its text."""
    return len(label(parts, parts, "x")) - 1


def _pieces(lines: list[str], limit: int) -> list[str]:
    """Lines, each over-long one cut at sentence ends, and a sentence still too long at `limit`."""
    pieces: list[str] = []
    for line in lines:
        if len(line) <= limit:
            pieces.append(line)
            continue
        current = ""
        for sentence in (s for s in SENTENCE_END.split(line) if s):
            for start in range(0, len(sentence), limit):
                cut = sentence[start : start + limit]
                if len(current) + len(cut) <= limit:
                    current += cut
                else:
                    pieces.append(current)
                    current = cut
        if current:
            pieces.append(current)
    return pieces
