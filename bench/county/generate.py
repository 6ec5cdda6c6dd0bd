"""A seeded county: townships, villages, their Party members, households and groups, as plain rows.

Names are unique within a village (the roster requires it; across villages they repeat, as they
do), phones are unique in the county, and every member is placed under a hub. `write.py` turns a
village into the roster workbook `lianhu roster import` reads; `changes.py` derives the re-import.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.county.shape import TODAY, Shape
from storage.enums import FOCUS_TAGS

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "建国志强秀英桂兰德明玉珍春梅立军宏伟丽华文杰海燕国平红霞永刚淑芬晓东美玲长林素珍振华凤英学军金花光荣兴旺"
PLACE = "青山东西南北新安平和丰泰华光明阳溪桥河湖岭石林水田沙江云龙凤花柳桃李杏梅竹松柏兴隆福"


@dataclass
class PartyRow:
    name: str
    role: str
    """As the 角色 column says it: 书记, 中心户长, 党员 or 乡镇干部."""
    hub: str
    phone: str
    birth_year: int


@dataclass
class HouseholdRow:
    head: str
    member: str
    representative: str
    """Empty when the head speaks for the household, as in most rosters."""
    address: str
    focus: str
    phone: str


@dataclass
class Village:
    index: int
    name: str
    township: str
    party: list[PartyRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    cadres: list[PartyRow] = field(default_factory=list)

    def liaising(self) -> list[str]:
        """Party members with households, in roster order: each has a tier-2 group."""
        owners = {h.member for h in self.households}
        return [p.name for p in self.party if p.name in owners]

    def groups(self) -> list[tuple[str, str, str]]:
        """(群名, 层级, 联系党员): the village's tier-1 group and one tier-2 group per liaising member."""
        return [(f"{self.name}党员群", "一级", "")] + [(f"{name}联户群", "二级", name) for name in self.liaising()]

    def representatives(self) -> set[str]:
        return {h.representative or h.head for h in self.households}


@dataclass
class County:
    shape: Shape
    seed: int
    villages: list[Village]


def phone(kind: int, village: int, number: int) -> str:
    """Eleven digits, unique per (kind, village, number): 13… party, 14… households, 15…-16… the re-import."""
    return f"1{3 + kind}{village:03d}{number:06d}"


def generate(shape: Shape, seed: int = 12) -> County:
    rng = random.Random(seed)
    townships = _place_names(rng, shape.townships, "镇")
    villages = []
    for index, name in enumerate(_place_names(rng, shape.villages, "村", avoid=frozenset(townships))):
        township_index = index * shape.townships // shape.villages
        villages.append(_village(shape, random.Random(f"{seed}:{index}"), index, name, townships[township_index]))
        villages[-1].cadres = _cadres(shape, township_index, townships[township_index])
    return County(shape, seed, villages)


def _place_names(rng: random.Random, count: int, suffix: str, avoid: frozenset[str] = frozenset()) -> list[str]:
    names: list[str] = []
    seen = set(avoid)
    width = 2
    while len(names) < count:
        name = "".join(rng.choice(PLACE) for _ in range(width)) + suffix
        if name not in seen:
            seen.add(name)
            names.append(name)
        elif len(seen) > len(PLACE) ** width // 2:
            width += 1
    return names


def _cadres(shape: Shape, township_index: int, township: str) -> list[PartyRow]:
    return [
        PartyRow(f"{township[:-1]}干部{n + 1}", "乡镇干部", "", phone(4, township_index, n), 1975 + n)
        for n in range(shape.cadres_per_township)
    ]


def household_count(rng: random.Random, shape: Shape) -> int:
    """5-20 households, most near 8-10: a beta(2, 4.2) over the range has a mean of about 10."""
    return shape.households_min + int(rng.betavariate(2, 4.2) * (shape.households_max - shape.households_min + 1))


def _village(shape: Shape, rng: random.Random, index: int, name: str, township: str) -> Village:
    village = Village(index, name, township)
    counts = [household_count(rng, shape) for _ in range(shape.members_per_village)]
    names = _person_names(rng, shape.members_per_village + sum(counts) + 200)
    party_names, head_names = names[: shape.members_per_village], names[shape.members_per_village :]
    hubs = party_names[1 : 1 + shape.hubs_per_village]
    for n, person in enumerate(party_names):
        role = "书记" if n == 0 else "中心户长" if person in hubs else "党员"
        hub = hubs[n % len(hubs)] if role == "党员" else ""
        elder = rng.random() < shape.exempt_share
        born = rng.randint(1930, TODAY.year - 70) if elder else rng.randint(TODAY.year - 69, TODAY.year - 25)
        village.party.append(PartyRow(person, role, hub, phone(0, index, n), born))
    heads = iter(head_names)
    for member, count in zip(party_names, counts, strict=True):
        for _ in range(count):
            number = len(village.households)
            focus = rng.choice(FOCUS_TAGS) if rng.random() < shape.focus_share else ""
            address = f"{name}{number // 40 + 1}组{number % 40 + 1}号"
            village.households.append(HouseholdRow(next(heads), member, "", address, focus, phone(1, index, number)))
    _share_representatives(rng, shape, village)
    return village


def _share_representatives(rng: random.Random, shape: Shape, village: Village) -> None:
    """A few households spoken for by the head of the household before them (a son next door)."""
    for before, household in zip(village.households, village.households[1:], strict=False):
        if not before.representative and rng.random() < shape.shared_representative_share:
            household.representative = before.head
            household.phone = before.phone


def _person_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct three-character names (surname and two given characters)."""
    surnames, chars = "".join(dict.fromkeys(SURNAMES)), "".join(dict.fromkeys(GIVEN))
    given = len(chars)
    picks = rng.sample(range(len(surnames) * given * given), count)
    return [surnames[n // (given * given)] + chars[n // given % given] + chars[n % given] for n in picks]
