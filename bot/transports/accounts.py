"""Several WeChat accounts behind the one `Transport` the application starts, stops and reports on.

Each account keeps its own transport (connection, reconnect); what it receives is tagged with
its name and keyed `account:id`, since message ids are only unique within one account. Sending
goes through the dispatcher, which picks the account's own transport.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from base.messages import DEFAULT_ACCOUNT, FriendRequest, Incoming, Outgoing
from base.templates import Templates
from bot.transport import EventHandler, FriendRequestHandler, MessageHandler, Transport


def tagged(incoming: Incoming, account: str) -> Incoming:
    """`incoming` as received by `account`; the default account keeps its ids as they were."""
    key = incoming.message_id if account == DEFAULT_ACCOUNT else f"{account}:{incoming.message_id}"
    return replace(incoming, message_id=key, account=account)


class AccountTransports:
    def __init__(self, transports: Mapping[str, Transport]) -> None:
        if not transports:
            raise ValueError("at least one account is needed")
        self.accounts = dict(transports)
        self.name = "+".join(f"{account}:{t.name}" for account, t in self.accounts.items())
        self.on_event: EventHandler | None = None
        self.on_friend_request: FriendRequestHandler | None = None

    async def start(self, on_message: MessageHandler) -> None:
        started: list[Transport] = []
        try:
            for account, transport in self.accounts.items():
                transport.on_event = self._event_handler(account)
                transport.on_friend_request = self._friend_request_handler()
                await transport.start(self._message_handler(account, on_message))
                started.append(transport)
        except BaseException:
            for transport in started:
                await transport.stop()
            raise

    async def say(self, message: Outgoing) -> None:
        raise TypeError("send through an account's own transport (OutboxDispatcher picks it)")

    async def stop(self) -> None:
        for transport in self.accounts.values():
            await transport.stop()

    async def find_room(self, topic: str) -> str | None:
        for transport in self.accounts.values():
            if (room_id := await transport.find_room(topic)) is not None:
                return room_id
        return None

    async def find_contact(self, name: str) -> str | None:
        for transport in self.accounts.values():
            if (contact_id := await transport.find_contact(name)) is not None:
                return contact_id
        return None

    def status(self, words: Templates) -> dict[str, str]:
        facts: dict[str, str] = {}
        for account, transport in self.accounts.items():
            facts |= {f"{key}·{account}": value for key, value in transport.status(words).items()}
        return facts

    def _message_handler(self, account: str, on_message: MessageHandler) -> MessageHandler:
        async def handle(incoming: Incoming) -> None:
            await on_message(tagged(incoming, account))

        return handle

    def _event_handler(self, account: str) -> EventHandler:
        async def handle(kind: str, detail: str) -> None:
            if self.on_event is not None:
                await self.on_event(kind, f"{account}: {detail}")

        return handle

    def _friend_request_handler(self) -> FriendRequestHandler:
        async def handle(request: FriendRequest) -> bool:
            return await self.on_friend_request(request) if self.on_friend_request is not None else False

        return handle
