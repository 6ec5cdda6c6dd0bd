"""Feedback to the resident when a matter is resolved, and the resident's rating (群众评事)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from sqlmodel import Session, col, select

from handlers.context import Context
from handlers.formats import say
from handlers.privacy import mask_pii, masked_excerpt
from handlers.records.lifecycle import Action, apply
from handlers.records.people import household_of
from storage.enums import Status
from storage.models import Group, Person, Record

VERDICTS_FILE = Path(__file__).with_name("verdicts.toml")
SCORES = range(1, 6)


def _verdicts(file: Path = VERDICTS_FILE) -> tuple[dict[str, int], dict[int, str]]:
    """The answers residents give (12345 style) with their scores, and each score's label."""
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    verdicts, scores = data.get("verdicts"), data.get("scores")
    if not isinstance(verdicts, dict) or not verdicts or any(v not in SCORES for v in verdicts.values()):
        raise ValueError(f"{file}: [verdicts] must map each answer to a score 1-5; 评价说法须对应 1-5 分")
    if not isinstance(scores, dict) or sorted(scores) != [str(s) for s in SCORES]:
        raise ValueError(f"{file}: [scores] must name each score 1-5 once; 须为 1-5 分各写一个说法")
    if not all(isinstance(label, str) and label.strip() for label in scores.values()):
        raise ValueError(f"{file}: [scores] labels must be non-empty text; 说法不能为空")
    return {str(k): int(v) for k, v in verdicts.items()}, {int(k): v for k, v in scores.items()}


VERDICTS, SCORE_LABELS = _verdicts()
SATISFIED_FROM = 3
# A reply that opens with a verdict, alone or followed by punctuation and a reason:
# "满意👍", "不满意，还是堵的". "满意度调查" does not count: a word character follows.
VERDICT = re.compile(r"^\W*(" + "|".join(sorted(VERDICTS, key=len, reverse=True)) + r")(?=[\W_]|$)(.*)$", re.DOTALL)


def verdict(text: str) -> tuple[int, str] | None:
    """The score of a 满意/基本满意/不满意 reply and the reason given after it, if any."""
    match = VERDICT.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    return VERDICTS[match.group(1)], match.group(2).strip(" ,，。.!！")


def awaiting_rating(session: Session, resident: Person) -> Record | None:
    """The latest resolved record this resident raised or their household is the subject of (the
    newer record when two were resolved at once)."""
    household = household_of(session, resident)
    subject = Record.reporter_id == resident.id
    if household is not None:
        subject = subject | (Record.household_id == household.id)  # type: ignore[assignment,operator]
    query = select(Record).where(subject, Record.status == Status.RESOLVED)
    return session.exec(query.order_by(col(Record.resolved_at).desc(), col(Record.id).desc())).first()


def rate_from_reply(ctx: Context) -> bool:
    found = verdict(ctx.text)
    if found is None or ctx.actor is None:
        return False
    record = awaiting_rating(ctx.session, ctx.actor)
    if record is None:
        return False
    rate(ctx, record, *found)
    return True


def rate(ctx: Context, record: Record, score: int, reason: str = "") -> None:
    """Record the rating; 不满意 sends the matter back to the responsible member (重办)."""
    label = SCORE_LABELS[score]
    record.rating = score
    rating = say("units.score", label=label, score=score)
    note = ctx.say("record.note.rated_reason", rating=rating, reason=reason) if reason else rating
    if score >= SATISFIED_FROM:
        apply(ctx.session, record, Action.RATE, ctx.now, ctx.actor, note)
        ctx.reply(ctx.say("record.rated", id=record.id, rating=label))
        return
    apply(ctx.session, record, Action.REOPEN, ctx.now, ctx.actor, note)
    ctx.reply(ctx.say("record.reopened", id=record.id))
    responsible = ctx.session.get(Person, record.responsible_id) if record.responsible_id else None
    if responsible is not None:
        ctx.tell(
            responsible,
            ctx.say("record.reopened_member", id=record.id, text=masked_excerpt(reason or record.text, 100)),
        )


def announce_resolution(ctx: Context, record: Record, result: str) -> None:
    """Tell the group the matter came from, mentioning the reporter, and ask for a rating."""
    reporter = ctx.session.get(Person, record.reporter_id) if record.reporter_id else None
    result = mask_pii(result)
    if reporter is not None:
        text = ctx.say("record.resolved_feedback", id=record.id, result=result, reporter=reporter.name)
    else:
        text = ctx.say("record.resolved_unrated", id=record.id, result=result)
    group = ctx.session.get(Group, record.group_id) if record.group_id else None
    if group is not None:
        ctx.post(group, text, mentions=[reporter.id] if reporter and reporter.id else None)
    elif reporter is not None:
        ctx.tell(reporter, text)
    for merged in ctx.session.exec(select(Record).where(Record.merged_into_id == record.id)):
        other = ctx.session.get(Person, merged.reporter_id) if merged.reporter_id else None
        if other is not None:
            ctx.tell(other, ctx.say("record.merged_resolved", id=merged.id, primary=record.id, result=result))
