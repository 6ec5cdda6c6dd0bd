"""What the bot says when a matter is recorded: the receipt, and the tier-1 alert for an emergency."""

from __future__ import annotations

from sqlmodel import Session, col, select

from handlers.context import Context
from handlers.escalation.limits import Level
from handlers.labels import LEVEL_LABELS, ROLE_LABELS
from handlers.privacy import masked_excerpt
from handlers.records.describe import label
from handlers.records.people import chain_above, tier1_group
from storage.enums import Kind, Role
from storage.models import Person, Record

ALERT_EXCERPT = 300


def follower(session: Session, record: Record) -> str:
    """Who follows the matter up, in receipts and the console: "联户党员李建国", else the village organisation."""
    responsible = session.get(Person, record.responsible_id) if record.responsible_id else None
    return f"{ROLE_LABELS[Role(responsible.role)]}{responsible.name}" if responsible else LEVEL_LABELS[Level.ORG]


def followers(session: Session, records: list[Record]) -> list[str]:
    """`follower` of each record, their people read in one query rather than one each."""
    ids = {r.responsible_id for r in records if r.responsible_id}
    held = list(session.exec(select(Person).where(col(Person.id).in_(ids)))) if ids else []
    found = [follower(session, record) for record in records]
    del held
    return found


def receipt(ctx: Context, record: Record) -> str:
    key = {Kind.EMERGENCY: "record.receipt_emergency", Kind.VISIT: "record.receipt_visit"}.get(
        Kind(record.kind), "record.receipt"
    )
    return ctx.say(key, id=record.id, label=label(record), follower=follower(ctx.session, record))


def alert_tier1(ctx: Context, record: Record) -> bool:
    """An emergency goes at once to the tier-1 group, mentioning the chain up to the secretary.

    Returns whether the alert went to the very group the emergency was reported in.
    """
    group = tier1_group(ctx.session, record.org_id)
    if group is None:
        return False
    responsible = ctx.session.get(Person, record.responsible_id) if record.responsible_id else None
    chain = chain_above(ctx.session, responsible, record.org_id)
    source = ctx.group.name if ctx.group else ctx.say("record.private_source")
    ctx.post(
        group,
        ctx.say(
            "record.emergency_alert",
            id=record.id,
            source=source,
            reporter=ctx.actor.name if ctx.actor else ctx.message.sender_name,
            text=masked_excerpt(record.text, ALERT_EXCERPT),
            names="、".join(p.name for p in chain),
        ),
        mentions=[p.id for p in chain if p.id is not None],
    )
    return ctx.group is not None and ctx.group.id == group.id
