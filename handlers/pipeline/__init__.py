"""One stored message in, its effects (ledger changes, outbox rows) out, in one transaction.

The middleware, outermost first: the apology for an unexpected error, outside the message's one
transaction (so what it half-did is rolled back and the apology still goes out), outside identity.
The endpoint then dispatches a command to the command registry and anything else to intake.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from handlers.context import Deps
from handlers.pipeline.chain import Chain, Middleware, Turn
from handlers.pipeline.dispatch import dispatch
from handlers.pipeline.middleware import apologise, identify, one_transaction
from storage.enums import InboxState

MIDDLEWARE: tuple[Middleware, ...] = (apologise, one_transaction, identify)
PIPELINE = Chain(MIDDLEWARE, dispatch)


def handle(engine: Engine, deps: Deps, message_id: str) -> InboxState | None:
    """Act on a stored message; None when it was not waiting (gone, or acted on already)."""
    return PIPELINE(Turn(deps, message_id, engine=engine))
