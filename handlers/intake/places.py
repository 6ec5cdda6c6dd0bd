"""Where a matter is: "村口", "二组", "桥头", a named household's address.

Two households' reports are one matter only at one place (or where neither names one): "村口的路灯" and
"二组的路灯" are two. A person adding to their own account, or a witness to an emergency, need not repeat it.
"""

from __future__ import annotations

from sqlmodel import Session

from handlers.intake.words import PLACE_WORDS
from storage.models import Household, Record

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


def places_of_record(session: Session, record: Record) -> frozenset[str]:
    household = session.get(Household, record.household_id) if record.household_id else None
    return place_of(record.text, household)


def agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Places of one account: shared, or one of them names none."""
    return not a or not b or bool(a & b)


def same_place(a: frozenset[str], b: frozenset[str]) -> bool:
    """Places of two reports of one matter: shared, or neither names one."""
    return bool(a & b) or not a and not b
