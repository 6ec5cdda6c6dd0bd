"""Text normalisation before segmentation: width, case, traditional characters, length."""

from __future__ import annotations

import functools
import re

from zhconv import zhconv

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_WIDTH_TABLE = str.maketrans(_FULLWIDTH)
# `str.translate` with a table looks up every character; most messages have no full-width
# character at all, and this search says so far faster.
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


@functools.cache
def _traditional_only() -> frozenset[str]:
    """The characters that only occur in traditional text.

    Checking a message against this set costs a few set lookups, so the phrase-aware (and
    slower) conversion runs only on the rare message that needs it.
    """
    zhconv.loaddict()
    return frozenset(zhconv.zhcdicts["TRADONLY"])


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified; simplified text is returned unchanged."""
    if _traditional_only().isdisjoint(text):
        return text
    return zhconv.convert(text, "zh-cn")


def normalize(text: str, max_chars: int) -> str:
    """Half-width, lower-case, simplified text, cut to `max_chars` characters."""
    text = text[:max_chars]
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_WIDTH_TABLE)
    return to_simplified(text.lower())
