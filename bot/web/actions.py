"""Acting on a record from its page: 受理, 交办, 进展, 办结, 撤销, 改为.

Each form runs the chat command's own domain step (handlers.commands.records_flow) under the
command's own permission, so the audit event, the group messages (through the outbox) and
the refusals are the chat's. What the command would have answered the secretary in chat is
shown on the page instead. A form carries the record's state as it was shown; if the record
moved on since, nothing is done and the secretary is told to refresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from aiohttp import web
from sqlmodel import Session, col, select

from bot.web import csrf
from bot.web.auth import Handler, Viewer, current_viewer, forged, forged_page
from bot.web.deps import web_deps
from bot.web.render import render
from handlers.commands import COMMANDS
from handlers.commands.lookup import record_in_scope
from handlers.commands.reclassify import TARGETS, reclassify_record
from handlers.commands.records_flow import (
    accept_record,
    assign_record,
    progress_record,
    resolve_record,
    withdraw_record,
)
from handlers.commands.registry import CommandError
from handlers.context import Context, Deps
from handlers.labels import STATUS_LABELS
from handlers.records.lifecycle import Action, allowed
from storage.db import session_scope
from storage.enums import Role, Status
from storage.models import InboxMessage, Person, Record

NOTICE = "lianhu_notice"
SEEN = "seen"
TEXT = "text"
PERSON = "person"
KIND = "kind"


@dataclass
class ConsoleContext(Context):
    """A command context whose answer to the caller is kept for the page, not sent to WeChat."""

    replies: list[str] = field(default_factory=list)

    def reply(self, text: str, mentions: list[int] | None = None, file: Path | None = None) -> None:
        self.replies.append(text)


@dataclass(frozen=True)
class RecordAction:
    command: str  # the chat command whose permission and domain step this is
    step: Action  # the state-table move whose starting statuses decide whether the form is offered
    text_label: str | None  # the wording key of the form's text field, when the command takes one
    run: Callable[[Context, Record, str], None]
    choice: str | None = None  # the form's pick-one field (who, or which kind), when the command takes one


def _assign(ctx: Context, record: Record, chosen: str) -> None:
    handler = next((p for p in assignable(ctx.session, record.org_id) if str(p.id) == chosen), None)
    if handler is None:
        named = ctx.session.get(Person, int(chosen)) if chosen.isascii() and chosen.isdigit() else None
        raise CommandError(ctx.say("common.unknown_name", name=named.name if named else chosen))
    assign_record(ctx, record, handler)


def _reclassify(ctx: Context, record: Record, chosen: str) -> None:
    if chosen not in TARGETS:
        raise CommandError(ctx.say("common.unknown_kind", kind=chosen))
    reclassify_record(ctx, record, TARGETS[chosen])


ACTIONS: dict[str, RecordAction] = {
    "accept": RecordAction("受理", Action.ACCEPT, None, lambda ctx, record, _: accept_record(ctx, record)),
    "assign": RecordAction("交办", Action.PROGRESS, None, _assign, PERSON),  # an open matter, as /交办 checks
    "progress": RecordAction("进展", Action.PROGRESS, "console.action.progress_text", progress_record),
    "resolve": RecordAction("办结", Action.RESOLVE, "console.action.resolve_text", resolve_record),
    "withdraw": RecordAction("撤销", Action.WITHDRAW, "console.action.withdraw_text", withdraw_record),
    "reclassify": RecordAction("改为", Action.PROGRESS, None, _reclassify, KIND),  # an open matter's kind
}


def assignable(session: Session, org_id: int) -> list[Person]:
    """Who a matter may be handed to: the organisation's active secretaries, hubs and members."""
    query = select(Person).where(Person.org_id == org_id, Person.active, Person.role != Role.RESIDENT)
    return sorted(session.exec(query.order_by(col(Person.id))), key=lambda p: list(Role).index(Role(p.role)))


def seen(record: Record) -> str:
    """The record's state as the page shows it; a form sent back with another is stale."""
    return f"{record.status}@{record.updated_at.isoformat()}"


def console_context(session: Session, deps: Deps, viewer: Viewer) -> ConsoleContext:
    person = viewer.person
    message = InboxMessage(
        message_id=f"console-{uuid.uuid4().hex}",
        sender_id=f"console:{person.id}",
        sender_name=person.name,
        text="",
    )
    return ConsoleContext(session, deps, message, deps.clock.now(), person, None, viewer.org)


def _available(ctx: Context, record: Record) -> list[str]:
    status = Status(record.status)
    return [
        name
        for name, action in ACTIONS.items()
        if allowed(status, action.step) and (command := COMMANDS.find(action.command)) and command.permission(ctx)
    ]


def panel(request: web.Request, session: Session, viewer: Viewer, record: Record) -> dict[str, Any]:
    """What the record page's action forms and notice need."""
    domain = web_deps(request).domain
    notice = unquote(request.cookies.get(NOTICE, ""))
    if domain is None:
        return {"actions": [], "notice": notice}
    ctx = console_context(session, domain(), viewer)
    return {
        "actions": _available(ctx, record),
        "notice": notice,
        "action_forms": ACTIONS,
        "text_labels": {name: ctx.say(action.text_label) for name, action in ACTIONS.items() if action.text_label},
        "members": assignable(session, record.org_id),
        "kinds": [label for label, kind in TARGETS.items() if kind != record.kind],
        "seen": seen(record),
        "csrf_field": csrf.FIELD,
    }


def with_notice(page: Handler) -> Handler:
    """Show the notice an action left (once): the cookie is cleared by the page that shows it."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = await page(request)
        if NOTICE in request.cookies:
            response.del_cookie(NOTICE, path="/")
        return response

    return handler


def _refused(viewer: Viewer, record_id: int, status: int, **reason: object) -> web.Response:
    return render("action_refused.html", status=status, viewer=viewer, active="ledger", record_id=record_id, **reason)


def _text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


async def act(request: web.Request) -> web.StreamResponse:
    action = ACTIONS.get(request.match_info["action"])
    if action is None:
        raise web.HTTPNotFound()
    number = int(request.match_info["number"])
    form = await request.post()
    deps = web_deps(request)
    if deps.domain is None:
        raise web.HTTPNotFound()
    with session_scope(deps.engine) as session:
        viewer = current_viewer(request, session, deps.clock.now())
        if viewer is None:
            return render("login_help.html", status=401)
        if forged(request, form):
            return forged_page()
        ctx = console_context(session, deps.domain(), viewer)
        command = COMMANDS.find(action.command)
        assert command is not None
        if not command.permission(ctx):
            return _refused(viewer, number, 403, reason=ctx.say("common.forbidden", command=command.name))
        try:
            record = record_in_scope(ctx, str(number))
        except CommandError as error:
            return _refused(viewer, number, 403, reason=str(error))
        if _text(form, SEEN) != seen(record):
            return _refused(viewer, number, 409, moved_to=STATUS_LABELS[Status(record.status)])
        argument = _text(form, action.choice or TEXT)
        if action.text_label is not None and not argument:
            return _refused(viewer, number, 400, missing=ctx.say(action.text_label))
        savepoint = session.begin_nested()
        try:
            action.run(ctx, record, argument)
        except CommandError as error:
            savepoint.rollback()
            return _refused(viewer, number, 409, reason=str(error))
        savepoint.commit()
        replies = ctx.replies
    await deps.flush()
    response = web.Response(status=303, headers={"Location": f"/records/{number}"})
    response.set_cookie(NOTICE, quote("\n".join(replies)), max_age=60, path="/", httponly=True, samesite="Strict")
    return response
