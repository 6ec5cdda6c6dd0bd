"""The closed vocabularies of the classifier contract.

These names are shared with the handlers and the rules files; the rules loader rejects any
name that is not listed here, so a typo in a secretary-edited file fails loudly at start-up.
"""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["grievance", "visit", "emergency", "none"]
Reason = Literal[
    "discontent",
    "incident",
    "dispute",
    "family_event",
    "illness",
    "hardship",
    "petition",
    "violation",
]
Urgency = Literal["low", "normal", "high", "critical"]
Role = Literal["household", "member", "hub", "secretary"]

KINDS: tuple[Kind, ...] = get_args(Kind)
REASONS: tuple[Reason, ...] = get_args(Reason)
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)
ROLES: tuple[Role, ...] = get_args(Role)

# Level-1 classes of the provincial 12345-style message boards, plus 矛盾纠纷 for disputes.
CATEGORIES: tuple[str, ...] = (
    "城乡建设",
    "环境保护",
    "交通运输",
    "教育文体",
    "劳动和社会保障",
    "商贸旅游",
    "卫生计生",
    "民政",
    "农村农业",
    "国土资源",
    "政法",
    "党务政务",
    "经济管理",
    "科技与信息产业",
    "纪检监察",
    "矛盾纠纷",
)

# Cues change how other words count instead of voting for a kind themselves.
Cue = Literal[
    "negation",  # cancels the next rule word in the same clause: 不是坏了, 没有着火
    "resolved",  # closes what was said before it: 已经修好, 已解决, 找到了
    "over",  # the event has ended: 扑灭了, 还好人没事 (an emergency becomes a visit)
    "past",  # 昨天, 上个月, 去年: an emergency told afterwards becomes a visit
    "now",  # 正在, 到现在, 还在: keeps an emergency live despite a past cue
    "future",  # 明天, 预计: a forecast is not an emergency
    "fiction",  # 电影, 视频, 梦见, 新闻: the danger is not here
    "urgent",  # 尽快, 着急: raises the urgency of a record
    "request",  # 能不能, 帮我, 怎么申请: situations mentioned are context for a grievance
    "clause",  # 但是, 可是: starts a new clause like punctuation does
    "plain",  # 火车, 血压: only looks like danger; listed so the morphemes inside stay silent
    "report",  # 走访, 回访, 入户了解到: a member's report; the complaints in it are what a
    # household said, so (unless it also asks) they count half for grievance
]
CUES: tuple[Cue, ...] = get_args(Cue)
