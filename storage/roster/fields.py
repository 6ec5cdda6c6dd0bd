"""Parsing single cells: birth years, phones, focus tags, tiers. Errors are Chinese messages."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from storage.enums import FOCUS_TAGS
from storage.roster.checks import CellError
from storage.roster.read import RawRow
from storage.roster.schema import FOCUS_TAG_SET, TIER_BY_LABEL, known_columns
from storage.roster.wording import say

_YEAR = re.compile(r"^(\d{4})(?:年|[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE]\+?\d+$")
_PHONE_SEPARATORS = re.compile(r"[\s\-]+")
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


def birth_year(text: str, today: date) -> int | None:
    """1958, 1958年 or a birth date such as 1958-03-02; None when empty."""
    if not text:
        return None
    match = _YEAR.match(text)
    year = int(match.group(1)) if match else None
    if year is None or not 1900 <= year <= today.year:
        raise CellError(say("roster.fields.birth_year", text=text))
    return year


def phone(text: str) -> str | None:
    """A mainland mobile number as 11 digits: "+86 139-0571-0011" becomes "13905710011"."""
    if not text:
        return None
    if _SCIENTIFIC.match(text):
        raise CellError(say("roster.fields.phone_scientific", text=text))
    match = _MOBILE.match(_PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)))
    if match is None:
        raise CellError(say("roster.fields.phone", text=text))
    return match.group(1)


@lru_cache(maxsize=256)
def focus_tags(text: str) -> tuple[str, ...]:
    """The tags of a 重点户 cell (cached: a village's thousand cells hold a handful of texts)."""
    tags = tuple(dict.fromkeys(tag for tag in _TAG_SEPARATORS.split(text) if tag))
    unknown = [tag for tag in tags if tag not in FOCUS_TAG_SET]
    if unknown:
        raise CellError(say("roster.fields.focus_tags", unknown="、".join(unknown), choices="、".join(FOCUS_TAGS)))
    return tags


def tier(text: str) -> int:
    if text not in TIER_BY_LABEL:
        raise CellError(say("roster.fields.tier", text=text) if text else say("roster.fields.tier_empty"))
    return TIER_BY_LABEL[text]


def extra_cells(sheet: str, row: RawRow) -> dict[str, str]:
    """The non-empty cells of columns the importer does not know, kept as they are."""
    known = known_columns(sheet)
    return {column: value for column, value in row.cells.items() if column not in known and value}
