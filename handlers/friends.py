"""Whose WeChat friend request the bot accepts: someone on the roster, recognised by the
request's contact name (their 微信昵称 or 姓名), a 手机 number in it, or their 姓名 in its hello text.
Everyone else is left unanswered: the bot's account is not a public address book."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from base.messages import FriendRequest
from storage.models import Person

PHONE = re.compile(r"1\d{10}")
DIGIT_GROUPING = re.compile(r"(?<=\d)[\s-]+(?=\d)")  # "137-5710-0200", "137 5710 0200"
# a 姓名 this short inside a hello text ("你好") would match by accident
MIN_NAME_IN_HELLO = 2


@dataclass(frozen=True)
class Acquaintance:
    """A roster person as a friend request may name them."""

    person_id: int
    name: str
    wechat_name: str
    phone: str | None


@dataclass(frozen=True)
class Match:
    person_id: int
    name: str
    by: str  # "wechat_name", "name", "phone" or "hello"


def roster(session: Session) -> list[Acquaintance]:
    people = session.exec(select(Person).where(col(Person.active)).order_by(col(Person.id)))
    return [Acquaintance(p.id, p.name, p.wechat_name, _digits(p.phone)) for p in people if p.id is not None]


def match(request: FriendRequest, people: list[Acquaintance]) -> Match | None:
    """The roster person the request comes from, by the strongest evidence; None for a stranger."""
    name = request.contact_name.strip()
    phones = {_digits(request.phone)} | set(PHONE.findall(DIGIT_GROUPING.sub("", request.hello)))
    checks = (
        ("wechat_name", lambda p: bool(name) and p.wechat_name == name),
        ("name", lambda p: bool(name) and p.name == name),
        ("phone", lambda p: p.phone is not None and p.phone in phones),
        ("hello", lambda p: len(p.name) >= MIN_NAME_IN_HELLO and p.name in request.hello),
    )
    for by, fits in checks:
        found = [p for p in people if fits(p)]
        if found:
            return Match(found[0].person_id, found[0].name, by)
    return None


def _digits(phone: str | None) -> str | None:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-11:] if len(digits) >= 11 else None
