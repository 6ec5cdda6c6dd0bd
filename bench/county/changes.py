"""The re-import: the county again with about 1 % of it changed, and what the import should report.

In every village: households with a new phone, households moved to another member, a few added
and a few removed, one member promoted to 中心户长 and one with a new phone. Only households whose
head speaks for them alone are touched, so each change is one row of the report.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from dataclasses import dataclass

from bench.county.generate import SURNAMES, County, HouseholdRow, Village, phone
from bench.county.shape import Shape

_NEW = "新"
"""Added heads are named 王新… : no generated name has 新 in the middle, so they never collide."""


@dataclass
class Expected:
    """What the re-import's reports should count over the county."""

    households_updated: int = 0
    households_added: int = 0
    households_removed: int = 0
    residents_updated: int = 0
    party_updated: int = 0
    promoted: list[tuple[str, str]] | None = None
    """(village, member) of every member promoted to 中心户长."""
    moved: list[tuple[str, str, str]] | None = None
    """(village, household head, new member) of every moved household."""


def changed(county: County, seed: int = 1) -> tuple[County, Expected]:
    expected = Expected(promoted=[], moved=[])
    villages = [
        _change(county.shape, random.Random(f"{seed}:{v.index}"), copy.deepcopy(v), expected) for v in county.villages
    ]
    return County(county.shape, county.seed, villages), expected


def _change(shape: Shape, rng: random.Random, village: Village, expected: Expected) -> Village:
    share = shape.change_share
    k = max(4, round(len(village.households) * share))
    moves, added, removed = max(1, round(k * 0.3)), max(1, round(k * 0.15)), max(1, round(k * 0.15))
    phones = k - moves - added - removed
    representing = {h.representative for h in village.households if h.representative}
    simple = [h for h in village.households if not h.representative and h.head not in representing]
    owned = Counter(h.member for h in village.households)
    picked = rng.sample(simple, phones + moves + removed)
    for n, household in enumerate(picked[:phones]):
        household.phone = phone(2, village.index, n)
    liaising = village.liaising()
    for household in picked[phones : phones + moves]:
        owned[household.member] -= 1
        household.member = rng.choice([m for m in liaising if m != household.member])
        owned[household.member] += 1
        expected.moved.append((village.name, household.head, household.member))  # type: ignore[union-attr]
    gone = {id(h) for h in picked[phones + moves :] if owned[h.member] > 1}
    for household in picked[phones + moves :]:
        if id(household) in gone:
            owned[household.member] -= 1
    village.households = [h for h in village.households if id(h) not in gone]
    for n in range(added):
        name = f"{SURNAMES[n % len(SURNAMES)]}{_NEW}{village.index:03d}{n}"
        address = f"{village.name}新村{n + 1}号"
        village.households.append(HouseholdRow(name, rng.choice(liaising), "", address, "", phone(3, village.index, n)))
    members = [p for p in village.party if p.role == "党员"]
    promoted, rephoned = rng.sample(members, 2)
    promoted.role, promoted.hub = "中心户长", ""
    rephoned.phone = phone(2, village.index, 900_000)
    expected.promoted.append((village.name, promoted.name))  # type: ignore[union-attr]
    expected.households_updated += phones + moves
    expected.residents_updated += phones
    expected.households_added += added
    expected.households_removed += len(gone)
    expected.party_updated += 2
    return village
