"""A group only ever sees masked phone and ID numbers, and a shortened text is masked before it is cut."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.demo import DEMO_ROSTER
from tests.handlers.pipeline_harness import SPEAKERS, TIER2, Village
from tests.replaying import replay_steps, texts

TIER1 = "幸福村党员群"
# The 40-character cut of /待办 falls inside the mobile number.
GRIEVANCE = "村里的事麻烦帮忙：我的身份证330102195803150021，电话13857100237，社保卡一直办不下来"
CLEAR = re.compile(r"\d{5,}")


def test_todo_masks_before_it_shortens(engine: Engine) -> None:
    village = Village(engine)
    [receipt] = village.say(SPEAKERS["resident"], GRIEVANCE)
    assert receipt.startswith("已记录 #1")
    for room in (TIER2, TIER1, None):
        [todo] = village.say(SPEAKERS["member"], "/待办", room=room)
        line = todo.splitlines()[1]
        assert "330102********0021" in line and not CLEAR.findall(line.replace("330102", "")), line


def test_show_in_the_residents_own_group_masks_the_numbers(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], GRIEVANCE)
    for speaker, room in (("resident", TIER2), ("member", TIER2), ("secretary", None)):
        [shown] = village.say(SPEAKERS[speaker], "/查 #1", room=room)
        assert "330102********0021" in shown and "138****0237" in shown, (speaker, shown)
        assert "195803150021" not in shown and "13857100237" not in shown, (speaker, shown)


async def test_an_escalation_alert_masks_before_it_shortens(db_url: str, tmp_path: Path) -> None:
    # The 60-character cut of the alert falls inside the mobile number.
    text = (
        "村口的路灯坏了好几天了，晚上黑漆漆的走路都看不见，老人孩子出门很危险，麻烦尽快派人来修一修，有事打我电话"
        + "13857100237，谢谢"
    )
    steps = [
        {"at": "2026-03-02T09:00:00+08:00"},
        {"roster": str(DEMO_ROSTER)},
        {"say": text, "from": SPEAKERS["resident"], "room": TIER2},
        {"at": "2026-03-03T10:00:00+08:00"},
    ]
    sent = await replay_steps(steps, db_url, tmp_path)
    [alert] = [t for t in texts(sent, to=SPEAKERS["hub"]) if "#1" in t]
    assert "有事打我电话138****" in alert and not CLEAR.findall(alert), alert


def test_notes_echoed_to_a_group_are_masked(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    [echo] = village.say(SPEAKERS["member"], "/进展 #1 已联系电工，电话13912345678")
    assert echo == "#1 进展：已联系电工，电话139****5678"
    replies = village.say(SPEAKERS["member"], "/办结 #1 已换灯泡，有问题打13912345678", room=None)
    assert any("已换灯泡，有问题打139****5678" in text for text in replies), replies
    assert not any("13912345678" in text for text in replies), replies
