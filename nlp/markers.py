"""Signals that live in punctuation and layout, which segmentation would scatter.

Each marker is reported as a pseudo-token that jieba itself can never produce, so rules
files list it among ordinary words ("@所有人", "【】", "!!", "<phone>", "<url>").
"""

from __future__ import annotations

import re

MARKERS: dict[str, str] = {
    "at_all": "@所有人",
    "bracket": "【】",
    "exclaim": "!!",
    "phone": "<phone>",
    "url": "<url>",
}

_PATTERN = re.compile(
    r"(?P<at_all>@所有人|@all\b)"
    r"|(?P<bracket>【[^】]{1,12}】)"
    r"|(?P<exclaim>!{2,})"
    r"|(?P<phone>(?<!\d)1\d{2}[\dx*]{4}\d{4}(?!\d))"
    r"|(?P<url>https?://|www\.)"
)


# A phone number is masked before segmentation: jieba would cut 13812345678 into 138 / 12345
# / 678, and 12345 (the complaints hotline) is a rule word of its own.
_PHONE = re.compile(r"(?<!\d)1\d{2}[\dx*]{4}\d{4}(?!\d)")


# A character every marker begins with (@, 【, !, a phone's 1, http's h, www's w): a message
# without any has no marker, which this one search says sooner than trying `_PATTERN` at
# every position.
_MARKER_START = re.compile(r"[@【!1hw]")


def find_markers(text: str) -> list[str]:
    """The marker pseudo-tokens in `text`, in order of appearance."""
    if not _MARKER_START.search(text):
        return []
    return [MARKERS[m.lastgroup] for m in _PATTERN.finditer(text) if m.lastgroup]


def mask_phones(text: str) -> str:
    """`text` with each phone number replaced by a space, so its digits are never words."""
    return _PHONE.sub(" ", text) if "1" in text else text
