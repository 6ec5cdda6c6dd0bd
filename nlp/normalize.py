"""Text normalisation before segmentation: width, case, traditional characters, length."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

from nlp.cache import parsed

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_WIDTH_TABLE = str.maketrans(_FULLWIDTH)
# `str.translate` with a table looks up every character; most messages have no full-width
# character at all, and this search says so far faster.
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _zhconv_dictionary() -> Path:
    """zhconv's dictionary, found without importing zhconv (whose import loads
    `pkg_resources`, a fifth of the classifier's start-up)."""
    spec = importlib.util.find_spec("zhconv")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("zhconv is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "zhcdict.json"


def _traditional_table(data: bytes) -> dict[str, Any]:
    return {"TRADONLY": "".join(sorted(json.loads(data)["TRADONLY"]))}


@functools.cache
def _traditional_only() -> frozenset[str]:
    """The characters that only occur in traditional text.

    Checking a message against this set costs a few set lookups, so the phrase-aware (and
    slower) conversion runs only on the rare message that needs it.
    """
    path = _zhconv_dictionary()
    return frozenset(parsed(str(path), path.read_bytes(), _traditional_table)["TRADONLY"])


def has_traditional(text: str) -> bool:
    """Whether `text` has a character only traditional Chinese uses."""
    return not _traditional_only().isdisjoint(text)


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified; simplified text is returned unchanged."""
    if not has_traditional(text):
        return text
    from zhconv import zhconv  # only for the rare message in traditional characters

    return zhconv.convert(text, "zh-cn")


def normalize(text: str, max_chars: int) -> str:
    """Half-width, lower-case, simplified text, cut to `max_chars` characters."""
    text = text[:max_chars]
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_WIDTH_TABLE)
    return to_simplified(text.lower())
