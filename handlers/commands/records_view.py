"""Looking at records: `/查 #ID` with its history, `/待办` for what is open."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import col, select

from handlers.commands.args import split_args
from handlers.commands.lookup import record_in_scope
from handlers.commands.registry import COMMANDS, UsageError
from handlers.commands.township import township_todo
from handlers.context import Context
from handlers.labels import LEVEL_LABELS, MEDIA_LABELS, STATUS_LABELS, SYSTEM_ACTOR
from handlers.permissions import KNOWN, STAFF, TOWNSHIP
from handlers.privacy import mask_pii, masked_excerpt
from handlers.records.describe import age, label, trail_step
from handlers.records.queries import records_in_scope
from storage.enums import Role, Status, TownshipState
from storage.media import MediaState, attachments_of_record
from storage.models import Group, Household, InboxMessage, Person, Record, RecordEvent

Row = TypeVar("Row", Person, Household, Group)


def _get(ctx: Context, model: type[Row], key: int | None) -> Row | None:
    return ctx.session.get(model, key) if key else None


def _name(row: Person | Household | Group | None) -> str:
    if row is None:
        return "—"
    return row.head_name if isinstance(row, Household) else row.name


def _attachment_summary(ctx: Context, record: Record) -> str:
    """ "图片 2，语音 1": what is kept with the record, by kind, in a fixed order."""
    assert record.id is not None
    kept = [a.kind for a in attachments_of_record(ctx.session, record.id) if a.state == MediaState.STORED]
    return "，".join(f"{what} {kept.count(kind)}" for kind, what in MEDIA_LABELS.items() if kind in kept)


def _reporter(ctx: Context, record: Record) -> str:
    """A writer not on the roster is shown by the WeChat name their message came with."""
    if record.reporter_id is not None or record.source_message_id is None:
        return _name(_get(ctx, Person, record.reporter_id))
    message = ctx.session.get(InboxMessage, record.source_message_id)
    return ctx.say("record.view.unregistered", wechat_name=message.sender_name) if message else _name(None)


@COMMANDS.command("查", "查看", "show", permission=KNOWN)
def show(ctx: Context, args: str) -> None:
    parts = split_args(args)
    if len(parts) != 1:
        raise UsageError(args)
    record = record_in_scope(ctx, parts[0])
    lines = [
        ctx.say(
            "record.view.header",
            id=record.id,
            label=label(record),
            status=STATUS_LABELS[Status(record.status)],
            level=LEVEL_LABELS.get(record.level, ""),
        ),
        ctx.say(
            "record.view.body",
            reporter=_reporter(ctx, record),
            household=_name(_get(ctx, Household, record.household_id)),
            group=_name(_get(ctx, Group, record.group_id)),
            responsible=_name(_get(ctx, Person, record.responsible_id)),
            created=f"{record.created_at:%Y-%m-%d %H:%M}",
            text=mask_pii(record.text),
        ),
    ]
    attachments = _attachment_summary(ctx, record)
    if attachments:
        lines.append(ctx.say("record.view.attachments", summary=attachments))
    events = ctx.session.exec(
        select(RecordEvent).where(RecordEvent.record_id == record.id).order_by(col(RecordEvent.id))
    )
    for event in events:
        action, status, note = trail_step(event.action, event.to_status, masked_excerpt(event.note or "", 60))
        lines.append(
            ctx.say(
                "record.view.event",
                at=f"{event.at:%m-%d %H:%M}",
                actor=_name(_get(ctx, Person, event.actor_id)) if event.actor_id else SYSTEM_ACTOR,
                action=action,
                change=f"（{status}）" if status else "",
                note=f"：{note}" if note and action else note,
            )
        )
    ctx.reply("\n".join(lines))


@COMMANDS.command("待办", "todo", permission=STAFF | TOWNSHIP)
def todo(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    if ctx.actor.role == Role.TOWNSHIP:
        township_todo(ctx)
        return
    records = records_in_scope(ctx.session, ctx.actor.org_id, ctx.actor, open_only=True)
    if not records:
        ctx.reply(ctx.say("todo.empty"))
        return
    lines = [ctx.say("todo.header", count=len(records))]
    lines += [
        ctx.say(
            "todo.line",
            id=r.id,
            label=label(r),
            status=STATUS_LABELS[Status(r.status)],
            age=age(r.created_at, ctx.now),
            text=masked_excerpt(r.text),
        )
        for r in records
    ]
    township = [f"#{r.id}" for r in records if r.township_state == TownshipState.PENDING]
    if township:
        lines.append(ctx.say("todo.township", count=len(township), ids="、".join(township)))
    ctx.reply("\n".join(lines))
