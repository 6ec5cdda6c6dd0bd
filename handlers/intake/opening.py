"""Opening the record of a matter and answering its writer: what a new record and a duplicate share."""

from __future__ import annotations

from handlers.context import Context
from handlers.intake.append import EXCERPT
from handlers.intake.matter import Matter
from handlers.privacy import masked_excerpt
from handlers.records.create import open_record
from handlers.records.describe import label
from handlers.records.people import responsible_for
from storage.enums import Kind
from storage.models import Person, Record


def open_matter(ctx: Context, matter: Matter) -> tuple[Record, Person | None]:
    """The record, and who follows it up."""
    assert ctx.org is not None and ctx.org.id is not None
    responsible = responsible_for(ctx.session, matter.household, ctx.group, matter.reporter)
    record = open_record(
        ctx.session,
        org_id=ctx.org.id,
        kind=Kind(matter.kind),
        text=matter.text,
        now=ctx.now,
        reporter=matter.reporter,
        household=matter.household,
        group=ctx.group,
        responsible=responsible,
        found=matter.found,
        source_message_id=ctx.message.message_id,
        reporter_name=matter.unknown_name,
    )
    return record, responsible


def answer(ctx: Context, record: Record, matter: Matter, responsible: Person | None, text: str | None) -> None:
    """Reply `text` (None: nothing to say here); a writer not on the roster is also asked to claim their name."""
    if matter.reporter is None:
        _unknown_writer(ctx, record, matter, responsible, text)
    elif text is not None:
        ctx.reply(text)


def _unknown_writer(ctx: Context, record: Record, matter: Matter, responsible: Person | None, text: str | None) -> None:
    """A writer not on the roster: the receipt asks them to claim their name; their member hears of it."""
    claim = ctx.say("record.unknown_reporter_claim", wechat_name=matter.unknown_name)
    ctx.reply(f"{text}\n{claim}" if text else claim)
    if responsible is not None:
        notice = ctx.say(
            "record.unknown_reporter_member",
            id=record.id,
            label=label(record),
            group=ctx.group.name if ctx.group else "",
            wechat_name=matter.unknown_name,
            text=masked_excerpt(matter.text, EXCERPT),
        )
        ctx.tell(responsible, notice)
