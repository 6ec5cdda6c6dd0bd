"""A python-wechaty `Friendship` event as the bot's `FriendRequest`, and its acceptance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from base.messages import FriendRequest
from bot.transport import FriendRequestHandler
from bot.transports import wechaty_shim
from bot.transports.wechaty_state import log

wechaty_shim.apply()

from wechaty_grpc.wechaty.puppet import FriendshipType  # noqa: E402


async def answer(bot: Any, friendship_id: str, now: datetime, decide: FriendRequestHandler | None) -> None:
    """Load the friendship; a request someone sent is accepted when `decide` says so."""
    friendship = bot.Friendship.load(friendship_id)
    await friendship.ready()
    if friendship.type() != FriendshipType.FRIENDSHIP_TYPE_RECEIVE:
        log.debug("friendship %s ignored: type %s", friendship_id, friendship.type().name)
        return
    request = await _request(friendship, now)
    if decide is None or not await decide(request):
        return
    await friendship.accept()
    log.info("friendship %s accepted", friendship_id)


async def _request(friendship: Any, now: datetime) -> FriendRequest:
    contact = friendship.contact()
    try:
        await contact.ready()
        name, phones = contact.name, list(contact.payload.phone or [])
    except Exception as error:  # noqa: BLE001 — a stranger's contact may not load; decide on the hello
        log.warning("friendship %s: cannot load contact %s: %r", friendship.friendship_id, contact.contact_id, error)
        name, phones = "", []
    return FriendRequest(
        request_id=friendship.friendship_id,
        contact_id=contact.contact_id,
        contact_name=name,
        hello=friendship.hello(),
        at=now,
        phone=phones[0] if phones else None,
    )
