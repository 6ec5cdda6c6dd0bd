"""The wechaty transport's `/状态` facts, worded for a secretary (`status.wechaty.*` in the wording)."""

from __future__ import annotations

from base.templates import Templates
from bot.transports.wechaty_state import (
    EVENT_DISCONNECTED,
    EVENT_GAVE_UP,
    EVENT_LOGIN,
    EVENT_LOGOUT,
    EVENT_RECONNECTED,
    EVENT_UNREACHABLE,
    LinkState,
)

# The link states and events that have wording, under `status.wechaty.state.<key>` and `status.wechaty.event.<key>`.
STATES = frozenset(
    {"connecting", "connected", "reconnecting", "logged out", "waiting for QR scan", "gave up", "stopped"}
)
EVENTS = frozenset({EVENT_LOGIN, EVENT_LOGOUT, EVENT_DISCONNECTED, EVENT_RECONNECTED, EVENT_UNREACHABLE, EVENT_GAVE_UP})


def word_key(name: str) -> str:
    """A state or event as a wording key: "waiting for QR scan" as waiting_for_qr_scan."""
    return name.lower().replace(" ", "_")


def describe(link: LinkState, words: Templates) -> dict[str, str]:
    """The facts `Transport.status()` promises: account, connection, rooms and last event."""
    state = link.state
    connection = words.render(f"status.wechaty.state.{word_key(state)}") if state in STATES else state
    if state == "connected" and link.connected_since is not None:
        connection += words.render("status.wechaty.since", at=f"{link.connected_since:%m-%d %H:%M}")
    if link.reconnects:
        connection += words.render("status.wechaty.reconnects", count=link.reconnects)
    if link.last_event is None:
        last_event = "—"
    else:
        at, kind, detail = link.last_event
        event = words.render(f"status.wechaty.event.{word_key(kind)}") if kind in EVENTS else kind
        last_event = words.render("status.wechaty.last_event", at=f"{at:%m-%d %H:%M}", event=event, detail=detail)
    account = link.account
    return {
        "account": words.render("status.wechaty.account", name=account.name, id=account.contact_id) if account else "—",
        "connection": connection,
        "rooms": str(link.room_count) if link.room_count is not None else "—",
        "last_event": last_event,
    }
