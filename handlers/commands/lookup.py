"""Finding the record or person a command names, with the caller's scope checked."""

from __future__ import annotations

from handlers.commands.args import person_name, record_id
from handlers.commands.registry import CommandError
from handlers.context import Context
from handlers.records.people import person_by_name
from handlers.records.scope import covered_org_ids, in_scope
from storage.enums import Role
from storage.models import Household, Person, Record


def record_in_scope(ctx: Context, token: str) -> Record:
    assert ctx.actor is not None
    number = record_id(token)
    record = ctx.session.get(Record, number)
    if record is None or record.org_id not in covered_org_ids(ctx.session, ctx.actor.org_id):
        raise CommandError(ctx.say("record.not_found", id=number))
    if not in_scope(ctx.session, ctx.actor, record):
        raise CommandError(_out_of_scope(ctx, record))
    return record


def _out_of_scope(ctx: Context, record: Record) -> str:
    """Why `record` is not the caller's, naming the household and the member who looks after it."""
    assert ctx.actor is not None
    household = ctx.session.get(Household, record.household_id) if record.household_id else None
    member = ctx.session.get(Person, household.member_id) if household else None
    responsible = ctx.session.get(Person, record.responsible_id) if record.responsible_id else None
    linked = member or responsible
    match ctx.actor.role:
        case Role.MEMBER if household is not None and member is not None:
            return ctx.say("record.not_your_household", id=record.id, household=household.head_name, member=member.name)
        case Role.MEMBER if linked is not None:
            return ctx.say("record.not_your_matter", id=record.id, member=linked.name)
        case Role.HUB if linked is not None:
            return ctx.say("record.not_your_member", id=record.id, member=linked.name)
        case Role.RESIDENT:
            return ctx.say("record.not_your_own", id=record.id)
    return ctx.say("record.out_of_scope", id=record.id)


def staff_member(ctx: Context, token: str, org_id: int | None = None) -> Person:
    """The staff member named by `token` in `org_id` (default: the caller's organisation)."""
    assert ctx.actor is not None
    name = person_name(token)
    person = person_by_name(ctx.session, org_id or ctx.actor.org_id, name, staff_only=True)
    if person is None:
        raise CommandError(ctx.say("common.unknown_name", name=name))
    return person
