"""`/认领 姓名`: a WeChat contact claims a roster identity; a secretary confirms with `/确认 姓名`.

Claiming someone already bound to another contact is contested: it moves the binding only on
`/确认 姓名 改绑`, and the contact it moves from is told.
"""

from __future__ import annotations

import logging

from sqlmodel import col, select

from handlers.commands.args import person_name, split_args
from handlers.commands.keywords import REBIND
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.context import Context
from handlers.identity import contact_name
from handlers.permissions import PRIVATE, SECRETARY, Permission
from handlers.records.people import secretaries
from storage import outbox
from storage.models import IdentityClaim, Person

log = logging.getLogger(__name__)

UNKNOWN = Permission(lambda ctx: ctx.actor is None)


def _claimable(ctx: Context, name: str) -> list[Person]:
    query = select(Person).where(Person.active, (Person.name == name) | (Person.wechat_name == name))
    return list(ctx.session.exec(query))


@COMMANDS.command("认领", "claim", permission=UNKNOWN & PRIVATE)
def claim(ctx: Context, args: str) -> None:
    parts = split_args(args)
    if len(parts) != 1:
        raise UsageError(args)
    people = _claimable(ctx, person_name(parts[0]))
    if not people:
        raise CommandError(ctx.say("identity.no_such_person", name=parts[0]))
    for person in people:
        bound = _bound_elsewhere(person, ctx.message.sender_id)
        ctx.session.add(
            IdentityClaim(
                person_id=person.id,  # type: ignore[arg-type]  # a stored person has an id
                wechat_id=ctx.message.sender_id,
                wechat_name=ctx.message.sender_name,
                requested_at=ctx.now,
                contested_wechat_id=bound,
            )
        )
        fields = {"wechat_name": ctx.message.sender_name, "name": person.name, "phone": person.phone or "—"}
        if bound is not None:
            key, fields["bound"] = "identity.ask_secretary_contested", contact_name(ctx.session, bound)
        else:
            key = "identity.ask_secretary"
        for secretary in secretaries(ctx.session, person.org_id):
            ctx.tell(secretary, ctx.say(key, **fields))
    ctx.reply(ctx.say("identity.claimed", name=parts[0]))


@COMMANDS.command("确认", "confirm", permission=SECRETARY)
def confirm(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    parts = split_args(args)
    if not 1 <= len(parts) <= 2 or (len(parts) == 2 and parts[1] not in REBIND):
        raise UsageError(args)
    rebinding = len(parts) == 2
    pending = ctx.session.exec(
        select(IdentityClaim, Person)
        .join(Person, col(Person.id) == IdentityClaim.person_id)
        .where(
            Person.org_id == ctx.actor.org_id,
            Person.name == person_name(parts[0]),
            col(IdentityClaim.approved).is_(None),
        )
        .order_by(col(IdentityClaim.id).desc())
    ).first()
    if pending is None:
        raise CommandError(ctx.say("identity.nothing_pending", name=parts[0]))
    request, person = pending
    bound = _bound_elsewhere(person, request.wechat_id)
    request.contested_wechat_id = bound
    if bound is not None and not rebinding:
        ctx.reply(
            ctx.say(
                "identity.contested",
                name=person.name,
                bound=contact_name(ctx.session, bound),
                wechat_name=request.wechat_name,
                rebind=REBIND[0],
            )
        )
        return
    for holder in ctx.session.exec(select(Person).where(Person.wechat_id == request.wechat_id)):
        holder.wechat_id = None
    person.wechat_id = request.wechat_id
    request.approved, request.decided_at, request.decided_by = True, ctx.now, ctx.actor.id
    outbox.enqueue(ctx.session, ctx.now, ctx.say("identity.welcome", name=person.name), to_id=request.wechat_id)
    if bound is None:
        ctx.reply(ctx.say("identity.confirmed", name=person.name, wechat_name=request.wechat_name))
        return
    log.info("%s moved %s from contact %s to %s", ctx.actor.name, person.name, bound, request.wechat_id)
    unbound = ctx.say("identity.unbound", name=person.name, secretary=ctx.actor.name)
    outbox.enqueue(ctx.session, ctx.now, unbound, to_id=bound)
    shown = contact_name(ctx.session, bound)
    ctx.reply(ctx.say("identity.rebound", name=person.name, bound=shown, wechat_name=request.wechat_name))


def _bound_elsewhere(person: Person, wechat_id: str) -> str | None:
    """The other WeChat contact `person` is bound to, which a claim by `wechat_id` would displace."""
    return person.wechat_id if person.wechat_id not in (None, wechat_id) else None
