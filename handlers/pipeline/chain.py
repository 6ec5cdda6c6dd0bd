"""The middleware chain around one stored message (aiogram's outer middleware, NoneBot's hooks).

Each middleware gets the turn and the rest of the chain: it sets up what the inner ones need, calls
`call_next`, and may act on what comes back or on what it raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.context import Context, Deps
from storage.enums import InboxState
from storage.models import InboxMessage

# None: the message was not acted on here (gone, or already handled by another process)
Next = Callable[["Turn"], InboxState | None]
Middleware = Callable[["Turn", Next], InboxState | None]


@dataclass
class Turn:
    """One stored message on its way in: each middleware fills in what it sets up for those inside it."""

    deps: Deps
    message_id: str
    engine: Engine | None = None
    # set by the transaction: the session, the locked inbox row and the time it is acted on
    session: Session | None = None
    message: InboxMessage | None = None
    now: datetime | None = None
    # set by identity
    ctx: Context | None = None

    @property
    def context(self) -> Context:
        if self.ctx is None:
            raise RuntimeError(f"message {self.message_id}: no context yet; is identity in the chain?")
        return self.ctx


class Chain:
    """`middleware` outermost first, then the endpoint that acts on the message."""

    def __init__(self, middleware: Sequence[Middleware], endpoint: Next) -> None:
        self.middleware = tuple(middleware)
        self.endpoint = endpoint

    def __call__(self, turn: Turn) -> InboxState | None:
        call = self.endpoint
        for layer in reversed(self.middleware):
            call = _wrap(layer, call)
        return call(turn)


def _wrap(layer: Middleware, call_next: Next) -> Next:
    return lambda turn: layer(turn, call_next)
