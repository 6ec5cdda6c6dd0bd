"""The wechaty transport's outgoing side: sending text, and finding rooms and contacts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from base.messages import Attachment, Outgoing
from bot.transports import wechaty_shim
from bot.transports.wechaty_state import LinkState, log

wechaty_shim.apply()

from wechaty.config import AT_SEPARATOR  # noqa: E402
from wechaty_puppet import FileBox  # noqa: E402

_LOOKUP_CONCURRENCY = 16


class Sender:
    """Talks through `link.bot`'s puppet while the account is logged in; raises otherwise."""

    def __init__(self, link: LinkState, *, send_timeout: float) -> None:
        self._link = link
        self._send_timeout = send_timeout

    async def say(self, message: Outgoing) -> None:
        """Send text to a room (with real @mentions) or to a contact, then the attachment if
        any; raises on any failure."""
        puppet = self._connected_puppet()
        conversation = message.room_id or message.to_id
        assert conversation is not None  # Outgoing guarantees one of the two
        # The file is read before anything is sent, so a missing one sends nothing.
        file_box = _file_box(message.attachment) if message.attachment is not None else None
        if message.text:
            await self._send_text(puppet, message, conversation)
        if file_box is not None:
            # As for text, the puppet's own call rather than `say(file_box)`, which reloads the message.
            message_id = await asyncio.wait_for(
                puppet.message_send_file(conversation_id=conversation, file=file_box), self._send_timeout
            )
            log.debug("sent file %s as message %s to %s", file_box.name, message_id or "(no id)", conversation)

    async def _send_text(self, puppet: Any, message: Outgoing, conversation: str) -> None:
        if message.room_id is not None:
            text, mention_ids = await self._with_mentions(message.text, message.mentions)
        else:
            text, mention_ids = message.text, None
        # Not `Room.say()`/`Contact.say()`: after sending they load the new message by the id
        # the service returned, and raise when a service returns none. The message would
        # have gone out, the outbox would retry, and the room would see it twice.
        message_id = await asyncio.wait_for(
            puppet.message_send_text(conversation_id=conversation, message=text, mention_ids=mention_ids),
            self._send_timeout,
        )
        log.debug("sent message %s to %s", message_id or "(no id)", conversation)

    async def find_room(self, topic: str) -> str | None:
        """The id of the one room whose topic is exactly `topic` (None if none or several)."""
        puppet = self._connected_puppet()
        wanted = topic.strip()
        room_ids = await puppet.room_search()
        payloads = await gather_limited(puppet.room_payload, room_ids)
        found: list[str] = [p.id for p in payloads if p is not None and (p.topic or "").strip() == wanted]
        if len(found) > 1:
            log.warning("%d rooms are named %r; bind the right one with /绑定", len(found), topic)
            return None
        return found[0] if found else None

    async def find_contact(self, name: str) -> str | None:
        """The id of the one contact named `name` (WeChat nickname, else the bot's remark)."""
        puppet = self._connected_puppet()
        wanted = name.strip()
        contact_ids = [cid for cid in await puppet.contact_list() if cid != self._account_id()]
        payloads = [p for p in await gather_limited(puppet.contact_payload, contact_ids) if p is not None]
        for field in ("name", "alias"):
            found: list[str] = [p.id for p in payloads if (getattr(p, field, "") or "").strip() == wanted]
            if len(found) > 1:
                log.warning("%d contacts are called %r; ask them to /认领", len(found), name)
                return None
            if found:
                return found[0]
        return None

    def _connected_puppet(self) -> Any:
        link = self._link
        if link.bot is None or not link.logged_in.is_set():
            raise ConnectionError(f"WeChat is not connected ({link.state})")
        return link.bot.puppet

    def _account_id(self) -> str | None:
        account = self._link.account
        return account.contact_id if account else None

    async def _with_mentions(self, text: str, mention_ids: tuple[str, ...]) -> tuple[str, list[str] | None]:
        """Prefix `@name` for each mentioned contact, as `Room.say()` does, and keep the ids."""
        if not mention_ids:
            return text, None
        names = []
        for contact_id in mention_ids:
            contact = self._link.bot.Contact.load(contact_id)
            await contact.ready()
            names.append("@" + contact.name)
        return AT_SEPARATOR.join(names) + " " + text, list(mention_ids)


def _file_box(attachment: Attachment) -> FileBox:
    return FileBox.from_file(attachment.path, name=attachment.name)


async def gather_limited(fetch: Callable[[str], Awaitable[Any]], ids: list[str]) -> list[Any]:
    """`fetch` each id, a few at a time; None in place of any that fails."""
    limit = asyncio.Semaphore(_LOOKUP_CONCURRENCY)

    async def one(item: str) -> Any:
        async with limit:
            try:
                return await fetch(item)
            except Exception as error:  # noqa: BLE001 — one bad payload must not hide the rest
                log.warning("cannot load payload %s: %r", item, error)
                return None

    return list(await asyncio.gather(*(one(item) for item in ids)))
