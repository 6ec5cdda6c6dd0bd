"""Texts too long for one WeChat message go in numbered parts, in order, each sent once."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlmodel import Session, select

from base.messages import Outgoing
from bot.demo import DEMO_ROSTER
from bot.splitting import numbered, split_text
from handlers.templates import Templates
from storage import outbox
from storage.db import make_engine, session_scope
from storage.enums import OutboxState
from storage.models import Group, OutboxMessage, Person, SendClaim
from storage.roster import import_roster
from tests.replaying import replay_steps
from tests.schedules.world import World, at

MAX_CHARS = 1800  # the default of LIANHU_MESSAGE_MAX_CHARS
LABEL = re.compile(r"^（(\d+)/(\d+)）")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国春梅立军海燕永刚丽娟秀英德明玉珍志强宏伟桂芳"


def _name(i: int) -> str:
    return SURNAMES[i % 20] + GIVEN[(i // 20) % 16] + GIVEN[(i // 7) % 16]


def large_village(folder: Path, members: int = 100, households: int = 6) -> Path:
    """A roster of one secretary and `members` members with `households` households each."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "组织.csv").write_text("名称,乡镇\n大兴村党总支,青山镇\n", encoding="utf-8")
    people = [("王书记", "书记", "", "", "13900000000", "1970")]
    people += [(f"{_name(i)}{i}", "党员", "", "", f"138{i:08d}", "1975") for i in range(members)]
    _write(folder / "党员.csv", ["姓名", "角色", "中心户", "微信昵称", "手机", "出生年份"], people)
    homes = [
        (f"{_name(i * households + j + 3)}户{i}-{j}", people[i + 1][0], "", "", f"大兴村{i}组{j}号", "", "")
        for i in range(members)
        for j in range(households)
    ]
    _write(folder / "联系户.csv", ["户主", "联系党员", "代表", "微信昵称", "住址", "重点户", "手机"], homes)
    _write(folder / "群.csv", ["群名", "层级", "联系党员"], [("大兴村党员群", "一级", "")])
    return folder


def _write(path: Path, header: list[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def assert_numbered_parts(texts: list[str], whole: str) -> None:
    """`texts` are parts 1..n of `whole`, in order, each fitting in one message."""
    assert len(texts) > 1
    labels = [LABEL.match(text) for text in texts]
    assert [(int(m.group(1)), int(m.group(2))) for m in labels if m] == [
        (i, len(texts)) for i in range(1, len(texts) + 1)
    ]
    assert all(len(text) <= MAX_CHARS for text in texts)
    assert "\n".join(LABEL.sub("", text) for text in texts) == whole


def split_whole(db_url: str) -> list[str]:
    """The full texts of the outbox rows that were sent in parts."""
    engine = make_engine(db_url)
    with Session(engine) as session:
        texts = [
            row.text for row in session.exec(select(OutboxMessage).where(OutboxMessage.state == OutboxState.SPLIT))
        ]
    engine.dispose()
    return texts


async def test_visits_overview_of_a_large_village_goes_in_numbered_parts_in_order(db_url: str, tmp_path: Path) -> None:
    roster = large_village(tmp_path / "roster")
    sent = await replay_steps(
        [
            {"roster": str(roster)},
            {"at": "2026-03-02T09:00:00+08:00"},
            {"say": "/走访情况", "from": "王书记", "room": "大兴村党员群"},
        ],
        db_url,
        tmp_path,
    )
    assert [m["room"] for m in sent] == ["大兴村党员群"] * len(sent)
    assert [m["at"] for m in sent] == sorted(set(m["at"] for m in sent))  # one by one, paced
    (whole,) = split_whole(db_url)
    assert len(whole) > 3 * MAX_CHARS
    assert_numbered_parts([m["text"] for m in sent], whole)
    assert all(f"{_name(i)}{i}：" in whole for i in range(100))


async def test_a_text_under_the_limit_is_sent_unchanged(db_url: str, tmp_path: Path) -> None:
    sent = await replay_steps(
        [
            {"roster": str(DEMO_ROSTER)},
            {"at": "2026-03-02T09:00:00+08:00"},
            {"say": "/走访情况", "from": "王志强", "room": "幸福村党员群"},
        ],
        db_url,
        tmp_path,
    )
    (reply,) = sent
    assert reply["text"].startswith("🏠 幸福村党总支 2026年3月 走访情况")
    assert split_whole(db_url) == []


class Crash(BaseException):
    """The process dies: not an error the outbox retries, it stops everything."""


async def test_monthly_report_in_parts_survives_a_restart_between_parts(db_url: str, tmp_path: Path) -> None:
    world = await World(db_url, at("2026-03-02T09:00")).boot()
    assert world.app is not None
    import_roster(world.app.engine, large_village(tmp_path / "roster"), today=world.clock.now().date())
    world.transport.sync(world.app.engine)
    await world.say(f"{_name(0)}0", "/记录 村口路灯坏了好几天了", None)
    await world.advance("2026-03-31T23:00")
    before = len(world.sent)

    say = world.transport.say

    async def dies_before_second_part(message: Outgoing) -> None:
        if message.text.startswith("（2/"):
            raise Crash
        await say(message)

    world.transport.say = dies_before_second_part  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await world.advance("2026-04-01T08:00:30")
    await world.stop()
    await world.boot()
    await world.advance("2026-04-01T09:00")

    report = [s.text for s in world.sent[before:] if s.to == "王书记" and LABEL.match(s.text)]
    (whole,) = [text for text in split_whole(db_url) if text.startswith("📊 大兴村党总支2026年3月联户工作月报")]
    assert all(f"{_name(i)}{i}：" in whole for i in range(100))
    assert_numbered_parts(report, whole)
    assert world.app is not None
    with Session(world.app.engine) as session:
        periods = sorted(c.period for c in session.exec(select(SendClaim).where(SendClaim.job == "monthly-report")))
    assert periods == ["2026-03"] + [f"2026-03#{i}/{len(report)}" for i in range(1, len(report) + 1)]
    await world.stop()


async def test_mentions_go_on_the_first_part_only(db_url: str) -> None:
    world = await World(db_url, at("2026-03-02T09:00")).boot(roster=True)
    assert world.app is not None
    with session_scope(world.app.engine) as session:
        group = session.exec(select(Group).where(Group.name == "幸福村党员群")).one()
        people = list(session.exec(select(Person).where(Person.name.in_(["刘宏伟", "陈桂芳"]))))  # type: ignore[attr-defined]
        text = "\n".join(f"第{i}条：" + "情况说明。" * 30 for i in range(40))
        outbox.enqueue(session, world.clock.now(), text, group_id=group.id, mention_ids=[p.id for p in people if p.id])
    await world.app.dispatcher.flush()
    assert_numbered_parts([s.text for s in world.sent], text)
    assert sorted(world.sent[0].mentions) == ["刘宏伟", "桂芳姐"]  # WeChat names
    assert all(s.mentions == () for s in world.sent[1:])
    await world.stop()


def _label(part: int, parts: int, text: str) -> str:
    return Templates.load().render("outbox.part", part=part, parts=parts, text=text)


def test_split_keeps_lines_whole_and_cuts_a_long_line_at_a_sentence_end() -> None:
    assert split_text("甲\n乙\n丙", 3) == ["甲\n乙", "丙"]
    assert split_text("一二三。四五。六七八九", 6) == ["一二三。", "四五。", "六七八九"]
    assert split_text("一" * 10, 4) == ["一" * 4, "一" * 4, "一" * 2]


def test_a_text_that_fits_is_not_numbered() -> None:
    assert numbered("短消息", 10, _label) == ["短消息"]
    assert numbered("一" * 10, 10, _label) == ["一" * 10]


def test_numbered_parts_fit_with_their_label_even_past_nine_parts() -> None:
    text = "\n".join("一二三四五六七八九十" for _ in range(30))
    parts = numbered(text, 30, _label)
    assert len(parts) >= 10
    assert all(len(part) <= 30 for part in parts)
    assert parts[0].startswith(f"（1/{len(parts)}）")
    assert "\n".join(LABEL.sub("", part) for part in parts) == text
