"""A month in the demo village as a script of steps, each with its time, from a seeded RNG."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from base.clock import TZ
from bot.demo import DEMO_ROSTER

START = datetime(2026, 3, 1, 7, 0, tzinfo=TZ)
TIER1 = "幸福村党员群"
SECRETARY = "王志强"

GRIEVANCES = [
    "村口路灯坏了好几天了，晚上很黑",
    "我家的低保补助这个月还没到账，麻烦帮忙问问",
    "楼上卫生间漏水到我家天花板了，说了好几次都不管",
    "微心愿：想给孙子买几本课外书",
    "能不能帮我激活一下社保卡，我不会弄",
    "垃圾桶好几天没人清运了，味道很大",
    "隔壁装修天天吵到半夜，跟他说也不听",
    "门口那段路坑坑洼洼的，下雨全是积水",
    "自来水这两天发黄，不敢喝",
    "医保报销的材料不知道去哪里交",
]
VISITS = [
    "今天走访了{head}家，老人身体还好，说腿有点疼",
    "上午去{head}家看了看，家里都挺好的",
    "走访{head}户，了解到孩子开学的学费有困难",
]
EMERGENCIES = [
    "着火了！{address}冒烟了，快来人",
    "有人晕倒在{address}门口了，快叫救护车",
]
CHATTER = ["大家早上好", "收到", "谢谢", "今天天气不错", "好的，知道了", "👍", "辛苦了"]
RATINGS = ["满意", "基本满意", "不满意", "非常满意，谢谢"]


@dataclass(frozen=True)
class Household:
    head: str
    member: str
    speaker: str
    address: str


def _rows(sheet: str) -> list[dict[str, str]]:
    with (DEMO_ROSTER / f"{sheet}.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def village() -> tuple[dict[str, str], list[Household]]:
    """The members (姓名 → WeChat name) and the households with who speaks for each."""
    members = {row["姓名"]: row["微信昵称"] or row["姓名"] for row in _rows("党员")}
    households = [
        Household(row["户主"], row["联系党员"], row["微信昵称"] or row["代表"] or row["户主"], row["住址"])
        for row in _rows("联系户")
    ]
    return members, households


def month_of_messages(count: int, seed: int) -> list[dict[str, object]]:
    """`count` messages spread over March 2026 (daytime), then a last one on 1 April after the
    monthly report, so everything due in the month has run and been sent."""
    rng = random.Random(seed)
    members, households = village()
    per_day = -(-count // 30)
    steps: list[dict[str, object]] = []
    filed = 0
    for n in range(count):
        day, nth = divmod(n, per_day)
        when = START + timedelta(days=day) + timedelta(hours=14) * nth / per_day
        household = rng.choice(households)
        room = f"{household.member}联户群"
        member = members[household.member]
        roll = rng.random()
        where: str | None
        if roll < 0.30:
            filed += 1
            text, sender, where = rng.choice(GRIEVANCES), household.speaker, room
        elif roll < 0.42:
            text, sender, where = rng.choice(VISITS).format(head=household.head), member, rng.choice([room, TIER1])
        elif roll < 0.44:
            filed += 1
            text, sender, where = rng.choice(EMERGENCIES).format(address=household.address), household.speaker, room
        elif roll < 0.72 and filed:
            record = rng.randint(max(1, filed - 8), filed)
            text, sender, where = _command(rng, record, household, member)
        elif roll < 0.80:
            text, sender, where = rng.choice(RATINGS), household.speaker, room
        else:
            text, sender, where = rng.choice(CHATTER), rng.choice([household.speaker, member]), room
        steps.append(
            {
                "say": text,
                "from": sender,
                "room": where,
                "id": f"fault-{seed}-{n}",
                "at": when.isoformat(timespec="seconds"),
            }
        )
    last = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
    steps.append({"say": "收到", "from": SECRETARY, "room": TIER1, "id": f"fault-{seed}-end", "at": last.isoformat()})
    return steps


def _command(rng: random.Random, record: int, household: Household, member: str) -> tuple[str, str, str | None]:
    roll = rng.random()
    if roll < 0.3:
        return f"/受理 #{record}", rng.choice([member, SECRETARY]), rng.choice([TIER1, f"{household.member}联户群"])
    if roll < 0.6:
        return f"/办结 #{record} 已处理完毕", rng.choice([member, SECRETARY]), TIER1
    if roll < 0.8:
        return f"/评价 #{record} {rng.randint(1, 5)}", household.speaker, f"{household.member}联户群"
    if roll < 0.9:
        return "/统计", SECRETARY, rng.choice([TIER1, None])
    return "/待办", member, None
