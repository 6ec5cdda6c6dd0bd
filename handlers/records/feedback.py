"""Feedback to the resident when a matter is resolved, and the resident's rating (群众评事)."""

from __future__ import annotations

import re
import unicodedata

from sqlmodel import Session, col, select

from handlers.context import Context
from handlers.records.lifecycle import Action, apply
from handlers.records.people import household_of
from storage.enums import Status
from storage.models import Group, Person, Record

# The three answers residents give (12345 style) and the score each stands for.
VERDICTS = {"满意": 5, "非常满意": 5, "很满意": 5, "基本满意": 3, "一般": 3, "不满意": 1, "不太满意": 1}
SCORE_LABELS = {5: "满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "不满意"}
SATISFIED_FROM = 3
NOISE = re.compile(r"[\s\W_]+")


def verdict(text: str) -> int | None:
    """The score of a bare 满意/基本满意/不满意 reply, ignoring punctuation and emoji."""
    word = NOISE.sub("", unicodedata.normalize("NFKC", text))
    return VERDICTS.get(word)


def awaiting_rating(session: Session, resident: Person) -> Record | None:
    """The latest resolved record this resident raised or their household is the subject of."""
    household = household_of(session, resident)
    subject = Record.reporter_id == resident.id
    if household is not None:
        subject = subject | (Record.household_id == household.id)  # type: ignore[assignment,operator]
    query = select(Record).where(subject, Record.status == Status.RESOLVED)
    return session.exec(query.order_by(col(Record.resolved_at).desc())).first()


def rate_from_reply(ctx: Context) -> bool:
    score = verdict(ctx.text)
    if score is None or ctx.actor is None:
        return False
    record = awaiting_rating(ctx.session, ctx.actor)
    if record is None:
        return False
    rate(ctx, record, score)
    return True


def rate(ctx: Context, record: Record, score: int) -> None:
    """Record the rating; 不满意 sends the matter back to the responsible member (重办)."""
    label = SCORE_LABELS[score]
    record.rating = score
    if score >= SATISFIED_FROM:
        apply(ctx.session, record, Action.RATE, ctx.now, ctx.actor, f"{label}（{score}分）")
        ctx.reply(ctx.say("record.rated", id=record.id, rating=label))
        return
    apply(ctx.session, record, Action.REOPEN, ctx.now, ctx.actor, f"{label}（{score}分）")
    ctx.reply(ctx.say("record.reopened", id=record.id))
    responsible = ctx.session.get(Person, record.responsible_id) if record.responsible_id else None
    if responsible is not None:
        ctx.tell(responsible, ctx.say("record.reopened_member", id=record.id, text=record.text[:100]))


def announce_resolution(ctx: Context, record: Record, result: str) -> None:
    """Tell the group the matter came from, mentioning the reporter, and ask for a rating."""
    reporter = ctx.session.get(Person, record.reporter_id) if record.reporter_id else None
    text = ctx.say("record.resolved_feedback", id=record.id, result=result, reporter=reporter.name if reporter else "")
    group = ctx.session.get(Group, record.group_id) if record.group_id else None
    if group is not None:
        ctx.post(group, text, mentions=[reporter.id] if reporter and reporter.id else None)
    elif reporter is not None:
        ctx.tell(reporter, text)
    for merged in ctx.session.exec(select(Record).where(Record.merged_into_id == record.id)):
        other = ctx.session.get(Person, merged.reporter_id) if merged.reporter_id else None
        if other is not None:
            ctx.tell(other, ctx.say("record.merged_resolved", id=merged.id, primary=record.id, result=result))
