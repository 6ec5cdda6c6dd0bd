"""A group message that is not a command: a rating, a visit report, or a new matter for the ledger."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from handlers.context import Context
from handlers.records.create import open_record
from handlers.records.feedback import rate_from_reply
from handlers.records.lifecycle import Action, apply, audit
from handlers.records.notices import alert_tier1, receipt
from handlers.records.people import household_concerned, responsible_for
from handlers.records.similar import recent_from_same_reporter, same_problem_elsewhere
from handlers.records.visits import open_visit_task, report_visit
from storage.enums import Kind, Role
from storage.models import Household, Record

if TYPE_CHECKING:
    from nlp import Classification

# A staff message naming one of these acts reports a visit done, not a situation to visit.
VISIT_ACTS = re.compile("走访|入户|上门|看望|探望|回访|慰问|家访")
SENDER_ROLES = {Role.RESIDENT: "household", Role.MEMBER: "member", Role.HUB: "hub", Role.SECRETARY: "secretary"}
EXCERPT = 300


def take_in(ctx: Context) -> bool:
    """Act on a message; False when it is chit-chat the bot stays silent on."""
    assert ctx.actor is not None and ctx.org is not None
    if rate_from_reply(ctx):
        return True
    found = ctx.deps.classify(ctx.text, SENDER_ROLES[Role(ctx.actor.role)])
    if found.kind == "none":
        return _follow_up_emergency(ctx)
    household = household_concerned(ctx.session, ctx.actor, ctx.text)
    if found.kind == Kind.VISIT and ctx.actor.role != Role.RESIDENT and VISIT_ACTS.search(ctx.text):
        return _visit_report(ctx, found, household)
    if _fold(ctx, found):
        return True
    record = open_record(
        ctx.session,
        org_id=ctx.org.id,  # type: ignore[arg-type]
        kind=Kind(found.kind),
        text=ctx.text,
        now=ctx.now,
        reporter=ctx.actor,
        household=household,
        group=ctx.group,
        responsible=responsible_for(ctx.session, household, ctx.group, ctx.actor),
        found=found,
        source_message_id=ctx.message.message_id,
    )
    if _merge_duplicate(ctx, record):
        return True
    if record.must_visit and household is not None:
        open_visit_task(ctx.session, household, record.must_visit, record, ctx.now)
    if record.kind == Kind.EMERGENCY:
        alerted_here = alert_tier1(ctx, record)
        if alerted_here:
            return True
    ctx.reply(receipt(ctx, record))
    return True


def _visit_report(ctx: Context, found: Classification, household: Household | None) -> bool:
    if household is None:
        ctx.reply(ctx.say("visit.which_household"))
    else:
        report_visit(ctx, household, ctx.text, ctx.text, found)
    return True


def _fold(ctx: Context, found: Classification) -> bool:
    """A burst about the same matter from the same person goes into one record, silently."""
    assert ctx.actor is not None and ctx.actor.id is not None
    since = ctx.now - timedelta(minutes=ctx.deps.fold_window_minutes)
    record = recent_from_same_reporter(ctx.session, ctx.actor.id, found.kind, found.category, since)
    if record is None:
        return False
    record.must_visit = record.must_visit or found.must_visit
    _append(ctx, record, found.keywords)
    return True


def _append(ctx: Context, record: Record, keywords: tuple[str, ...]) -> None:
    record.text = f"{record.text}\n{ctx.text}"
    record.keywords = sorted(set(record.keywords) | set(keywords))
    record.updated_at = ctx.now
    audit(ctx.session, record, "append", ctx.now, ctx.actor, ctx.text[:EXCERPT])


def _follow_up_emergency(ctx: Context) -> bool:
    """While an emergency unfolds, whatever its reporter adds ("火越烧越大了") belongs to it."""
    assert ctx.actor is not None and ctx.actor.id is not None
    since = ctx.now - timedelta(minutes=ctx.deps.fold_window_minutes)
    record = recent_from_same_reporter(ctx.session, ctx.actor.id, Kind.EMERGENCY, None, since)
    if record is None or record.group_id != (ctx.group.id if ctx.group else None):
        return False
    _append(ctx, record, ())
    return True


def _merge_duplicate(ctx: Context, record: Record) -> bool:
    window = timedelta(days=ctx.deps.duplicate_window_days)
    first = same_problem_elsewhere(
        ctx.session,
        record.org_id,
        record.kind,
        record.category,
        set(record.keywords),
        record.household_id,
        ctx.now,
        window,
    )
    if first is None or first.id == record.id:
        return False
    record.merged_into_id = first.id
    apply(ctx.session, record, Action.MERGE, ctx.now, None, f"与 #{first.id} 为同一问题")
    audit(ctx.session, first, "linked", ctx.now, ctx.actor, f"#{record.id} 反映同一问题")
    ctx.reply(ctx.say("record.duplicate", id=record.id, primary=first.id))
    return True
