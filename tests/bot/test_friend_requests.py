"""Friend requests: accepted from people on the roster, ignored (and shown in `/状态`) otherwise."""

from __future__ import annotations

from datetime import datetime

from base.clock import TZ
from base.messages import FriendRequest
from bot.demo import DEMO_ROSTER
from handlers.friends import Acquaintance, match
from tests.replaying import replay_steps
from tests.schedules.world import World, at

AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
PEOPLE = [
    Acquaintance(1, "李建国", "李建国", "13905710011"),
    Acquaintance(2, "王秀英", "秀英🌸", "13757100200"),
    Acquaintance(3, "周", "阿周", None),
]


def request(name: str, hello: str = "", phone: str | None = None) -> FriendRequest:
    return FriendRequest("f-1", f"wxid-{name}", name, hello, AT, phone)


def test_a_roster_person_is_recognised_by_wechat_name_name_phone_or_hello() -> None:
    assert (m := match(request("秀英🌸"), PEOPLE)) is not None and (m.person_id, m.by) == (2, "wechat_name")
    assert (m := match(request("王秀英"), PEOPLE)) is not None and (m.person_id, m.by) == (2, "name")
    assert (m := match(request("老王", "我的手机 137-5710-0200"), PEOPLE)) is not None and (m.person_id, m.by) == (
        2,
        "phone",
    )
    assert (m := match(request("老王", "我的手机13757100200"), PEOPLE)) is not None and (m.person_id, m.by) == (
        2,
        "phone",
    )
    assert (m := match(request("老王", phone="+86 137 5710 0200"), PEOPLE)) is not None and m.person_id == 2
    assert (m := match(request("建国叔", "我是李建国，幸福村的"), PEOPLE)) is not None and (m.person_id, m.by) == (
        1,
        "hello",
    )


def test_a_stranger_is_not_recognised() -> None:
    assert match(request("路人甲", "你好，加个好友"), PEOPLE) is None
    assert match(request("老周头", "我姓周"), PEOPLE) is None  # a one-character 姓名 in a hello is no evidence
    assert match(request(""), PEOPLE) is None


async def test_the_simulated_wechat_befriends_roster_people_only(db_url: str) -> None:
    world = await World(db_url, at("2026-03-02T09:00")).boot(roster=True)
    resident = await world.transport.request_friendship("秀英🌸", world.clock.now())
    member = await world.transport.request_friendship("建国叔", world.clock.now(), "我是李建国")
    stranger = await world.transport.request_friendship("路人甲", world.clock.now(), "你好")
    assert world.transport.friends == {resident.contact_id, member.contact_id}
    assert stranger.contact_id not in world.transport.friends
    await world.stop()


async def test_the_secretary_sees_the_ignored_requests_in_status(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sent = await replay_steps(
        [
            {"roster": str(DEMO_ROSTER)},
            {"at": "2026-03-02T09:00:00+08:00"},
            {"friend_request": "路人甲", "hello": "你好，我是卖保险的，电话13800001111"},
            {"friend_request": "秀英🌸"},
            {"at": "2026-03-02T09:05:00+08:00"},
            {"friend_request": "无名氏"},
            {"say": "/状态", "from": "王志强"},
        ],
        db_url,
        tmp_path,
    )
    (status,) = [m["text"] for m in sent if m["to"] == "王志强"]
    line = next(line for line in status.splitlines() if line.startswith("最近忽略的好友申请"))
    ignored = "无名氏（03-02 09:05）；路人甲（03-02 09:00，验证消息：你好，我是卖保险的，电话138****1111）"
    assert line == f"最近忽略的好友申请：{ignored}"
