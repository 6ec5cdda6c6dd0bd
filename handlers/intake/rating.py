"""A resident's "满意" or "不满意，还是堵的" after a matter was resolved: the rating of it (群众评事)."""

from __future__ import annotations

from handlers.context import Context
from handlers.intake.matter import Matter
from handlers.intake.registry import INTAKE, Priority
from handlers.records.feedback import rate_from_reply


@INTAKE.handler(Priority.RATING_REPLY)
def rating_reply(ctx: Context, matter: Matter) -> bool:
    """What `/记录` files is heard at the door, never a rating."""
    return not matter.by_hand and rate_from_reply(ctx)
