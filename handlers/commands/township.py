"""The township tier in chat: a 乡镇干部's `/统计` and `/待办` over every village, and `/转办`."""

from __future__ import annotations

from handlers.commands.args import split_args
from handlers.commands.lookup import record_in_scope
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.context import Context
from handlers.labels import LEVEL_LABELS, STATUS_LABELS
from handlers.periods import Month
from handlers.permissions import TOWNSHIP
from handlers.privacy import mask_pii, masked_excerpt
from handlers.records.describe import age, label
from handlers.records.lifecycle import OPEN, audit
from handlers.records.people import tier1_group
from handlers.stats import VillageFigures, figures_by_org, percent
from handlers.township import combined, escalated, needs_attention, villages
from storage.enums import Status, TownshipState
from storage.models import Organisation, Person, Record


def _township(ctx: Context) -> Organisation:
    """The caller's own township, wherever they write from."""
    assert ctx.actor is not None
    township = ctx.session.get(Organisation, ctx.actor.org_id)
    assert township is not None
    return township


def township_todo(ctx: Context) -> None:
    township = _township(ctx)
    names = {org.id: org.name for org in villages(ctx.session, township.id or 0) if org.id is not None}
    flagged, others = needs_attention(ctx.session, list(names), ctx.now)
    if not flagged:
        ctx.reply(ctx.say("township.todo_empty", township=township.name, others=others))
        return
    lines = [ctx.say("township.todo_header", township=township.name, count=len(flagged), others=others)]
    lines += [_todo_line(ctx, record, overdue, names[record.org_id]) for record, overdue in flagged]
    ctx.reply("\n".join(lines))


def _todo_line(ctx: Context, record: Record, overdue: bool, village: str) -> str:
    flags = ctx.say("township.todo_overdue") if overdue else ""
    if record.township_state == TownshipState.TRANSFERRED:
        flags += ctx.say("township.todo_transferred", ref=record.township_ref or "")
    return ctx.say(
        "township.todo_line",
        id=record.id,
        village=village,
        label=label(record),
        level=LEVEL_LABELS.get(record.level, ""),
        flags=flags,
        status=STATUS_LABELS[Status(record.status)],
        age=age(record.created_at, ctx.now),
        text=masked_excerpt(record.text),
    )


def township_stats(ctx: Context, period: Month) -> None:
    township = _township(ctx)
    names = {org.id: org.name for org in villages(ctx.session, township.id or 0) if org.id is not None}
    if not names:
        ctx.reply(ctx.say("township.stats_no_villages", township=township.name))
        return
    by_village = figures_by_org(ctx.session, list(names), period.start, period.end, ctx.now)
    order = sorted(names, key=lambda org_id: (-by_village[org_id].overdue, names[org_id]))
    lines = [
        ctx.say(
            "township.stats_header",
            township=township.name,
            month=period.label,
            escalated=escalated(ctx.session, list(names)),
            overdue=sum(f.overdue for f in by_village.values()),
        )
    ]
    lines += [_village_line(ctx, names[org_id], by_village[org_id]) for org_id in order]
    total = combined(by_village.values())
    lines.append(ctx.say("township.stats_total", **_rates(total)))
    ctx.reply("\n".join(lines))


def _rates(found: VillageFigures) -> dict[str, object]:
    return {
        "received": found.received,
        "response": percent(found.response_rate),
        "resolution": percent(found.resolution_rate),
        "satisfaction": percent(found.satisfaction_rate),
        "coverage": percent(found.coverage.rate),
    }


def _village_line(ctx: Context, village: str, found: VillageFigures) -> str:
    return ctx.say("township.stats_village", village=village, overdue=found.overdue, **_rates(found))


@COMMANDS.command(
    "转办",
    "transfer",
    permission=TOWNSHIP,
)
def transfer(ctx: Context, args: str) -> None:
    parts = split_args(args, 2)
    if len(parts) < 3:
        raise UsageError(args)
    token, ref, note = parts
    record = record_in_scope(ctx, token)
    assert ctx.actor is not None
    if record.status not in OPEN:
        raise CommandError(ctx.say("township.not_open", id=record.id, status=STATUS_LABELS[Status(record.status)]))
    record.township_state, record.township_ref, record.updated_at = TownshipState.TRANSFERRED, ref, ctx.now
    audit(ctx.session, record, "transfer", ctx.now, ctx.actor, ctx.say("township.transfer_note", ref=ref, note=note))
    ctx.reply(ctx.say("township.transferred", id=record.id, ref=ref, note=mask_pii(note)))
    notice = ctx.say(
        "township.transferred_notice",
        cadre=ctx.actor.name,
        id=record.id,
        label=label(record),
        ref=ref,
        note=mask_pii(note),
    )
    _post_to_village(ctx, record, notice)
    responsible = ctx.session.get(Person, record.responsible_id) if record.responsible_id else None
    if responsible is not None:
        ctx.tell(responsible, notice)


def tell_village_of_assignment(ctx: Context, record: Record, handler: Person) -> None:
    """A township cadre's `/交办`: the village's tier-1 group hears who now handles the matter."""
    assert ctx.actor is not None
    text = ctx.say(
        "township.assigned_by_township", cadre=ctx.actor.name, id=record.id, label=label(record), handler=handler.name
    )
    _post_to_village(ctx, record, text)


def _post_to_village(ctx: Context, record: Record, text: str) -> None:
    group = tier1_group(ctx.session, record.org_id)
    if group is not None:
        ctx.post(group, text)
