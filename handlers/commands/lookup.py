"""Finding the record or person a command names, with the caller's scope checked."""

from __future__ import annotations

from handlers.commands.args import person_name, record_id
from handlers.commands.registry import CommandError
from handlers.context import Context
from handlers.records.people import person_by_name
from handlers.records.scope import in_scope
from storage.models import Person, Record


def record_in_scope(ctx: Context, token: str) -> Record:
    assert ctx.actor is not None
    number = record_id(token)
    record = ctx.session.get(Record, number)
    if record is None or record.org_id != ctx.actor.org_id:
        raise CommandError(ctx.say("record.not_found", id=number))
    if not in_scope(ctx.session, ctx.actor, record):
        raise CommandError(ctx.say("record.out_of_scope", id=number))
    return record


def staff_member(ctx: Context, token: str) -> Person:
    assert ctx.actor is not None
    name = person_name(token)
    person = person_by_name(ctx.session, ctx.actor.org_id, name, staff_only=True)
    if person is None:
        raise CommandError(ctx.say("common.unknown_name", name=name))
    return person
