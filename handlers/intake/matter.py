"""A matter to take in: what was said, by whom, and what the classifier made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from handlers.context import Context
from handlers.intake.places import place_of
from handlers.records.people import household_concerned, household_named_in
from storage.enums import Kind, Role
from storage.models import Household, Person

if TYPE_CHECKING:
    from nlp import Classification

# A writer not on the roster is answered in public, so only what the classifier is sure of becomes their record.
UNKNOWN_WRITER_CONFIDENCE = 0.6
SENDER_ROLES = {Role.RESIDENT: "household", Role.MEMBER: "member", Role.HUB: "hub", Role.SECRETARY: "secretary"}


@dataclass(frozen=True)
class Matter:
    """What was said and by whom; what the classifier makes of it is read when a handler first asks.

    So a rating reply ("满意") is claimed without classifying it, as before the other handlers look.
    """

    ctx: Context = field(repr=False, compare=False)
    text: str
    reporter: Person | None
    # the WeChat name of a writer not on the roster (reporter is None then)
    unknown_name: str | None
    # filed with `/记录`: always answered, never silently folded
    by_hand: bool = False

    @property
    def staff(self) -> bool:
        return self.reporter is not None and self.reporter.role != Role.RESIDENT

    @cached_property
    def found(self) -> Classification:
        """Classified as written by the speaker (or, for `/记录`, as heard by the member filing it)."""
        role = "member" if self.by_hand else SENDER_ROLES[Role(self.reporter.role)] if self.reporter else "household"
        return self.ctx.deps.classify(self.text, role)

    @cached_property
    def kind(self) -> str:
        """What the record will be: the classifier's kind, a grievance for what `/记录` files that it cannot place."""
        return _kind(self.found, self.reporter, self.by_hand)

    @cached_property
    def household(self) -> Household | None:
        if self.reporter is not None:
            return household_concerned(self.ctx.session, self.reporter, self.text)
        assert self.ctx.org is not None and self.ctx.org.id is not None
        return household_named_in(self.ctx.session, self.ctx.org.id, self.text)

    @cached_property
    def places(self) -> frozenset[str]:
        return place_of(self.text, self.household)


def read_matter(ctx: Context, text: str, by_hand: bool = False) -> Matter:
    assert ctx.org is not None and ctx.org.id is not None
    reporter = ctx.actor
    return Matter(ctx, text, reporter, None if reporter else ctx.message.sender_name, by_hand)


def _kind(found: Classification, reporter: Person | None, by_hand: bool) -> str:
    if by_hand and found.kind == "none":
        return Kind.GRIEVANCE
    if reporter is None and found.confidence < UNKNOWN_WRITER_CONFIDENCE:
        return "none"
    return found.kind
