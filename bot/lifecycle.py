"""What the application does when the transport's connection changes."""

from __future__ import annotations

import logging

from bot.app import Application
from handlers.records.people import secretaries
from storage import outbox
from storage.db import session_scope

log = logging.getLogger(__name__)

# Events the secretaries hear about privately; sent once the bot is back on WeChat.
TOLD = {"logout", "unreachable", "gave_up"}
BACK = {"login", "reconnected"}


def transport_event_handler(app: Application):  # type: ignore[no-untyped-def]
    async def on_event(kind: str, detail: str) -> None:
        log.log(logging.CRITICAL if kind == "gave_up" else logging.WARNING, "transport %s: %s", kind, detail)
        if kind in TOLD:
            _tell_secretaries(app, kind, detail)
        if kind in BACK:
            await app.dispatcher.flush()
        if kind == "gave_up":
            app.fail(f"transport gave up: {detail}")

    return on_event


def _tell_secretaries(app: Application, kind: str, detail: str) -> None:
    now = app.clock.now()
    text = app.deps.templates.render(f"transport.{kind}", at=f"{now:%m-%d %H:%M}", detail=detail)
    with session_scope(app.engine) as session:
        for secretary in secretaries(session):
            outbox.enqueue(session, now, text, person_id=secretary.id)
