"""Text normalisation before segmentation: width, case, traditional characters, length."""

from __future__ import annotations

import functools
import re

from zhconv import zhconv

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_WIDTH_TABLE = str.maketrans(_FULLWIDTH)


@functools.cache
def _traditional_only() -> re.Pattern[str]:
    """A character class of the characters that only occur in traditional text.

    Searching for one of them is a C-speed scan, so the phrase-aware (and slower) conversion
    runs only on the rare message that needs it.
    """
    zhconv.loaddict()
    chars = "".join(sorted(zhconv.zhcdicts["TRADONLY"]))
    return re.compile("[" + re.escape(chars) + "]")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified; simplified text is returned unchanged."""
    if _traditional_only().search(text) is None:
        return text
    return zhconv.convert(text, "zh-cn")


def normalize(text: str, max_chars: int) -> str:
    """Half-width, lower-case, simplified text, cut to `max_chars` characters."""
    return to_simplified(text[:max_chars].translate(_WIDTH_TABLE).lower())
