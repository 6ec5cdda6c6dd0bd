"""A matter to take in: what was said, by whom, and what the classifier made of it."""

from __future__ import annotations

from dataclasses import dataclass
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
    text: str
    reporter: Person | None
    # the WeChat name of a writer not on the roster (reporter is None then)
    unknown_name: str | None
    found: Classification
    # what the record will be: the classifier's kind, a grievance for what `/记录` files that it cannot place
    kind: str
    household: Household | None
    places: frozenset[str]
    # filed with `/记录`: always answered, never silently folded
    by_hand: bool = False

    @property
    def staff(self) -> bool:
        return self.reporter is not None and self.reporter.role != Role.RESIDENT


def read_matter(ctx: Context, text: str, by_hand: bool = False) -> Matter:
    """Classify `text` as written by the speaker (or, for `/记录`, as heard by the member filing it)."""
    assert ctx.org is not None and ctx.org.id is not None
    reporter = ctx.actor
    role = "member" if by_hand else SENDER_ROLES[Role(reporter.role)] if reporter else "household"
    found = ctx.deps.classify(text, role)
    if reporter is not None:
        household = household_concerned(ctx.session, reporter, text)
    else:
        household = household_named_in(ctx.session, ctx.org.id, text)
    return Matter(
        text=text,
        reporter=reporter,
        unknown_name=None if reporter else ctx.message.sender_name,
        found=found,
        kind=_kind(found, reporter, by_hand),
        household=household,
        places=place_of(text, household),
        by_hand=by_hand,
    )


def _kind(found: Classification, reporter: Person | None, by_hand: bool) -> str:
    if by_hand and found.kind == "none":
        return Kind.GRIEVANCE
    if reporter is None and found.confidence < UNKNOWN_WRITER_CONFIDENCE:
        return "none"
    return found.kind
