"""The intake registry: handlers tried by priority, the first that claims a matter takes it (NoneBot/aiogram style).

A handler answers whether the matter is its own: True when it acted, False to let the next one look.
Each handler registers itself in its module with `@INTAKE.handler(Priority.…)`, as commands do on `COMMANDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from handlers.context import Context
from handlers.intake.matter import Matter

Claim = Callable[[Context, Matter], bool]


class Priority(IntEnum):
    """The intake order, lowest first; the one place it is written."""

    # "满意" after a matter was resolved rates it (群众评事), it is not a new matter
    RATING_REPLY = 10
    # what a witness adds to an open emergency is a 补充: no second record, alert or escalation
    EMERGENCY_FOLLOW_UP = 20
    # staff telling of a visit made records the visit, as `/走访` does
    VISIT_REPORT = 30
    # a burst about the same matter from the same person goes into one record
    FOLD = 40
    # the same problem raised by another household nearby: a record linked to the first
    DUPLICATE = 50
    # whatever else the classifier recognises: a new record, alerted and receipted
    NEW_RECORD = 60


@dataclass(frozen=True)
class IntakeHandler:
    priority: int
    claim: Claim

    @property
    def name(self) -> str:
        return self.claim.__name__


class IntakeRegistry:
    def __init__(self) -> None:
        self.handlers: tuple[IntakeHandler, ...] = ()

    def handler(self, priority: int) -> Callable[[Claim], Claim]:
        def register(claim: Claim) -> Claim:
            self.register(claim, priority)
            return claim

        return register

    def register(self, claim: Claim, priority: int) -> None:
        """Add `claim` at `priority`; two handlers at one priority would leave their order to chance."""
        taken = next((h for h in self.handlers if h.priority == priority), None)
        if taken is not None:
            raise ValueError(f"intake priority {priority} taken by {taken.name}")
        entry = IntakeHandler(priority, claim)
        self.handlers = tuple(sorted((*self.handlers, entry), key=lambda h: h.priority))

    def take_in(self, ctx: Context, matter: Matter) -> bool:
        """True when a handler claimed the matter; False when none did (chit-chat the bot stays silent on)."""
        return any(handler.claim(ctx, matter) for handler in self.handlers)

    def __iter__(self) -> Iterator[IntakeHandler]:
        return iter(self.handlers)


INTAKE = IntakeRegistry()
