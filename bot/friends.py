"""What the application does with a WeChat friend request: accept roster people, log and
remember the others for `/状态`."""

from __future__ import annotations

import logging
from collections import deque

from sqlalchemy.engine import Engine
from sqlmodel import Session

from base.messages import FriendRequest
from bot.transport import FriendRequestHandler
from handlers.friends import match, roster

log = logging.getLogger(__name__)

IGNORED_KEPT = 10


class FriendRequests:
    """Decides each request against the roster; the last `IGNORED_KEPT` ignored ones are kept."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.ignored: deque[FriendRequest] = deque(maxlen=IGNORED_KEPT)

    def handler(self) -> FriendRequestHandler:
        async def decide(request: FriendRequest) -> bool:
            return self.decide(request)

        return decide

    def decide(self, request: FriendRequest) -> bool:
        with Session(self._engine) as session:
            found = match(request, roster(session))
        if found is None:
            log.info("friend request %s from %r ignored: not on the roster", request.request_id, request.contact_name)
            self.ignored.append(request)
            return False
        log.info(
            "friend request %s from %r accepted: roster person %s (by %s)",
            request.request_id,
            request.contact_name,
            found.person_id,
            found.by,
        )
        return True
