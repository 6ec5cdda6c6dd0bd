"""What is not a command: a matter taken in by the first registered intake handler that claims it.

Importing this package registers every handler on `INTAKE`; their order is `registry.Priority`, not this list.
Group messages and `/记录` go the same way, so both get folding, duplicate linking and emergency alerts.
"""

from __future__ import annotations

from handlers.context import Context
from handlers.intake import duplicate, emergency, fold, new_record, rating, visit_report  # noqa: F401
from handlers.intake.matter import read_matter
from handlers.intake.registry import INTAKE


def take_in(ctx: Context) -> bool:
    """Act on a group or private message; False when it is chit-chat the bot stays silent on."""
    return INTAKE.take_in(ctx, read_matter(ctx, ctx.text))


def file_by_hand(ctx: Context, text: str) -> None:
    """`/记录 内容`: the caller reports it; what the classifier cannot place is still a grievance."""
    INTAKE.take_in(ctx, read_matter(ctx, text, by_hand=True))
