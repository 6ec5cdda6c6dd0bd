"""What is not a command: a rating, or a matter taken in by the first intake step that claims it.

Group messages and `/记录` go the same way, so both get folding, duplicate linking and emergency alerts.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.context import Context
from handlers.intake.emergency import supplement_emergency
from handlers.intake.fold import fold_burst
from handlers.intake.matter import Matter, read_matter
from handlers.intake.new_record import new_record
from handlers.intake.visit_report import visit_report
from handlers.records.feedback import rate_from_reply

Step = Callable[[Context, Matter], bool]
STEPS: tuple[Step, ...] = (supplement_emergency, visit_report, fold_burst, new_record)


def take_in(ctx: Context) -> bool:
    """Act on a group or private message; False when it is chit-chat the bot stays silent on."""
    if rate_from_reply(ctx):
        return True
    return take_in_matter(ctx, read_matter(ctx, ctx.text))


def file_by_hand(ctx: Context, text: str) -> None:
    """`/记录 内容`: the caller reports it; what the classifier cannot place is still a grievance."""
    take_in_matter(ctx, read_matter(ctx, text, by_hand=True))


def take_in_matter(ctx: Context, matter: Matter) -> bool:
    return any(step(ctx, matter) for step in STEPS)
