"""Which existing row each roster entry is: by phone first, then by name, a tie broken by a third key.

A phone identifies someone only when exactly one roster entry and one existing row carry it (a family
often shares one). The name is unique within a roster sheet; the tie key (a person's role, a
household's 联系党员) only chooses between existing rows of the same name. Whatever stays unclear is
an `Ambiguity`, never a silent new row: a secretary settles it in the roster.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from storage.roster.wording import say

K = TypeVar("K", bound=Hashable)


class Identity(NamedTuple):
    """(A tuple: a village's re-import builds one for each of its 2,000 rows and entries.)"""

    name: str
    phone: str | None
    tie: str


@dataclass(frozen=True)
class Ambiguity(Generic[K]):
    key: K
    column: str
    """"手机" or "姓名": the cell the secretary should check."""
    message: str


@dataclass
class Matching(Generic[K]):
    rows: dict[K, int]
    """Roster key → id of the existing row it is."""
    ambiguities: list[Ambiguity[K]]


def match(existing: Mapping[int, Identity], wanted: Mapping[K, Identity]) -> Matching[K]:
    by_phone: dict[str, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    for row_id, known in existing.items():
        by_name[known.name].append(row_id)
        if known.phone:
            by_phone[known.phone].append(row_id)
    wanted_phones = Counter(entry.phone for entry in wanted.values() if entry.phone)
    rows: dict[K, int] = {}
    for key, entry in wanted.items():
        if entry.phone and wanted_phones[entry.phone] == 1 and len(by_phone[entry.phone]) == 1:
            row_id = by_phone[entry.phone][0]
            if not _role_namesake(existing, by_name[entry.name], row_id, entry):
                rows[key] = row_id
    claimed = {row_id: key for key, row_id in rows.items()}
    ambiguities: list[Ambiguity[K]] = []
    for key, entry in wanted.items():
        if key in rows:
            known = existing[rows[key]]
            if known.name != entry.name and any(row_id != rows[key] for row_id in by_name.get(entry.name, ())):
                ambiguities.append(_renamed_onto_another(key, entry, known))
            continue
        candidates = by_name[entry.name]
        if len(candidates) > 1:
            candidates = [row_id for row_id in candidates if existing[row_id].tie == entry.tie]
            if len(candidates) != 1:
                ambiguities.append(_namesakes(key, entry, len(by_name[entry.name])))
                continue
        if not candidates:
            continue
        if candidates[0] in claimed:
            ambiguities.append(_taken_by_phone(key, entry, wanted[claimed[candidates[0]]]))
            continue
        rows[key] = candidates[0]
        claimed[candidates[0]] = key
    return Matching(rows, ambiguities)


def _role_namesake(existing: Mapping[int, Identity], namesakes: list[int], row_id: int, entry: Identity) -> bool:
    """Another row has the entry's name and tie, the phone's row only the name: the tie decides, by name."""
    return (
        len(namesakes) > 1
        and existing[row_id].name == entry.name
        and any(other != row_id and existing[other].tie == entry.tie for other in namesakes)
    )


def _namesakes(key: K, entry: Identity, count: int) -> Ambiguity[K]:
    return Ambiguity(key, "姓名", say("roster.match.several", count=count, name=entry.name))


def _renamed_onto_another(key: K, entry: Identity, known: Identity) -> Ambiguity[K]:
    return Ambiguity(key, "手机", say("roster.match.phone_of_another", known=known.name, name=entry.name))


def _taken_by_phone(key: K, entry: Identity, taker: Identity) -> Ambiguity[K]:
    return Ambiguity(key, "手机", say("roster.match.phone_moved", name=entry.name, taker=taker.name))
