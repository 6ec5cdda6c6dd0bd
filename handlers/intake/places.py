"""Where a matter is: "村口", "二组", "桥头", a named household's address.

Two reports are one matter only where their places agree: the same place, or one of them names none.
"""

from __future__ import annotations

from handlers.intake.words import PLACE_WORDS
from storage.models import Household

NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(word: str) -> int:
    if word.isdigit():
        return int(word)
    tens, _, units = word.partition("十")
    if "十" not in word:
        return NUMERALS.get(word, 0)
    return (NUMERALS.get(tens, 1) if tens else 1) * 10 + (NUMERALS.get(units, 0) if units else 0)


def places_in(text: str) -> frozenset[str]:
    """The places `text` names, numbered ones normalised ("二组" and "2组" are both "2组")."""
    found: set[str] = set()
    rest = text
    for name in PLACE_WORDS.names:
        if name in rest:
            found.add(name)
            rest = rest.replace(name, " ")
    for number, unit in PLACE_WORDS.numbered.findall(rest):
        found.add(f"{_number(number)}{unit}")
    return frozenset(found)


def place_of(text: str, household: Household | None) -> frozenset[str]:
    """The places a matter names, or else the address of its household when the text names it ("李德明家")."""
    named = places_in(text)
    if named or household is None or not household.address or household.head_name not in text:
        return named
    return places_in(household.address)


def agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)
