"""Turn a python-wechaty `Message` into the bot's `Incoming`, or say why it is dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from base.clock import TZ
from base.messages import Incoming
from bot.transports import wechaty_shim
from bot.transports.wechaty_media import media_kind, read_media

wechaty_shim.apply()

from wechaty_puppet import MessageType  # noqa: E402  (after the shim)

# WeChat separates "@name" from what follows with U+2005 (four-per-em space) or a space.
_MENTION_END = "(?:\u2005| |$)"


@dataclass(frozen=True)
class Account:
    """The logged-in WeChat account the bot speaks as."""

    contact_id: str
    name: str


def message_time(msg: Any) -> datetime:
    """When the message was sent, timezone-aware in Asia/Shanghai.

    `Message.date()` (0.10.7) returns a naive local datetime from the payload timestamp, which
    the puppet gives in seconds or milliseconds; `astimezone` reads naive values as local
    time. `Message.age()` is wrong in 0.10.7 (it divides seconds by 1000), so it is not used.
    """
    sent: datetime = msg.date().astimezone(TZ)
    return sent


def mentions_account(text: str, mention_ids: tuple[str, ...], account: Account) -> bool:
    """True when the message @-mentions the bot: by id, or by name when the puppet gave no ids."""
    if account.contact_id in mention_ids:
        return True
    if not account.name:
        return False
    return re.search("@" + re.escape(account.name) + _MENTION_END, text) is not None


def backlog(at: datetime, connected_since: datetime, max_age: timedelta) -> str | None:
    """Why a message is a reconnect's backlog (sent more than `max_age` before this connection
    began, replayed by the puppet), else None. Judged against the connection's start, not the
    moment it is handled: a message that waited in the queue behind a long paced send is live."""
    if connected_since - at > max_age:
        return f"backlog: sent {at.isoformat()}, over {max_age} before the connection of {connected_since.isoformat()}"
    return None


async def to_incoming(
    msg: Any, *, account: Account, connected_since: datetime, backlog_max_age: timedelta
) -> tuple[Incoming | None, str]:
    """The `Incoming` for a ready `Message`, or `(None, reason)` when the bot must not see it; a
    backlog message comes with `skipped` set (kept, not acted on) and without its file."""
    kind = media_kind(msg)
    if msg.type() != MessageType.MESSAGE_TYPE_TEXT and kind is None:
        return None, f"neither text nor media ({msg.type().name})"
    talker = msg.talker()
    if talker.contact_id == account.contact_id:
        return None, "sent by the bot itself"
    at = message_time(msg)
    skipped = backlog(at, connected_since, backlog_max_age)
    await talker.ready()
    media = await read_media(msg, kind) if kind and skipped is None else None
    text = "" if media else msg.text()
    sent = {
        "message_id": msg.message_id,
        "sender_id": talker.contact_id,
        "sender_name": talker.name,
        "text": text,
        "at": at,
        "media": media,
        "skipped": skipped,
    }
    room = msg.room()
    if room is None:
        return Incoming(**sent), ""
    await room.ready()
    mentions = tuple(contact.contact_id for contact in await msg.mention_list())
    alias = await room.alias(talker)
    return Incoming(
        **sent,
        room_id=room.room_id,
        room_topic=room.payload.topic,
        mentions=mentions,
        mentions_self=await msg.mention_self() or mentions_account(text, mentions, account),
        sender_alias=alias or None,
    ), ""
