"""Masking personal numbers in every record text the bot shows: replies, alerts, digests, exports, the console."""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)([- ]?)\d{4}\2(\d{4})(?!\d)")


def mask_pii(text: str) -> str:
    """Hide the middle of 18-digit ID numbers and 11-digit mobiles: 110105********1234, 138****8000."""
    text = _ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 8}{m[2]}", text)
    return _MOBILE.sub(lambda m: f"{m[1]}{m[2]}****{m[2]}{m[3]}", text)


def masked_excerpt(text: str, limit: int = 40) -> str:
    """Mask first, then shorten to one line of `limit` characters: a cut never leaves half a number in clear."""
    flat = " ".join(mask_pii(text).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"
