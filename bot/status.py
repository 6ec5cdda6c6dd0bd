"""The facts `/状态` shows a secretary about the running bot."""

from __future__ import annotations

from sqlmodel import Session

from base.messages import FriendRequest
from bot.app import Application
from handlers.privacy import masked_excerpt
from handlers.records.describe import age
from storage.outbox import pending_count

NEXT_JOBS_SHOWN = 3
HELLO_SHOWN = 40
# What transports report in `status()` that has wording (`status.transport.<fact>`).
TRANSPORT_FACTS = frozenset({"account", "connection", "rooms", "last_event"})


def runtime_facts(app: Application) -> list[tuple[str, str]]:
    now = app.clock.now()
    render = app.deps.templates.render
    facts = [(render("status.channel"), app.transport.name)]
    facts += [(_transport_label(app, name), value) for name, value in app.transport.status(app.deps.templates).items()]
    facts.append((render("status.uptime"), age(app.started_at, now)))
    last = app.last_message_at
    shown = render("status.last_message_at", at=f"{last:%m-%d %H:%M}", age=age(last, now)) if last else "—"
    facts.append((render("status.last_message"), shown))
    with Session(app.engine) as session:
        facts.append((render("status.pending"), str(pending_count(session))))
    if app.scheduler is not None:
        upcoming = app.scheduler.next_runs()[:NEXT_JOBS_SHOWN]
        facts.append((render("status.next_jobs"), "；".join(f"{job} {at:%m-%d %H:%M}" for job, at in upcoming) or "—"))
    facts.append(_ignored_friend_requests(app))
    return facts


def _transport_label(app: Application, name: str) -> str:
    """A status key as a secretary reads it: connection as 连接, one account's connection·a as 连接·a."""
    fact, dot, account = name.partition("·")
    label = app.deps.templates.render(f"status.transport.{fact}") if fact in TRANSPORT_FACTS else fact
    return label + dot + account


def _ignored_friend_requests(app: Application) -> tuple[str, str]:
    render = app.deps.templates.render
    items = [_ignored(app, request) for request in reversed(app.friend_requests.ignored)]
    return render("friends.ignored_label"), render("friends.ignored_separator").join(items) or render(
        "friends.ignored_none"
    )


def _ignored(app: Application, request: FriendRequest) -> str:
    at = f"{request.at:%m-%d %H:%M}"
    if not request.hello.strip():
        return app.deps.templates.render("friends.ignored_item", name=request.contact_name, at=at)
    hello = masked_excerpt(request.hello.strip(), HELLO_SHOWN)
    return app.deps.templates.render("friends.ignored_item_hello", name=request.contact_name, at=at, hello=hello)
