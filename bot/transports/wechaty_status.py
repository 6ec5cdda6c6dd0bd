"""The wechaty transport's `/状态` facts, worded for a secretary."""

from __future__ import annotations

from bot.transports.wechaty_state import (
    EVENT_DISCONNECTED,
    EVENT_GAVE_UP,
    EVENT_LOGIN,
    EVENT_LOGOUT,
    EVENT_RECONNECTED,
    EVENT_UNREACHABLE,
    LinkState,
)

_STATE_WORDS = {
    "connecting": "连接中",
    "connected": "已连接",
    "reconnecting": "断线重连中",
    "logged out": "微信已退出登录，需扫码",
    "waiting for QR scan": "等待扫码登录",
    "gave up": "已停止：令牌被拒绝",
    "stopped": "未连接",
}
_EVENT_WORDS = {
    EVENT_LOGIN: "登录",
    EVENT_LOGOUT: "退出登录",
    EVENT_DISCONNECTED: "断线",
    EVENT_RECONNECTED: "重新连接",
    EVENT_UNREACHABLE: "长时间连不上",
    EVENT_GAVE_UP: "停止重连",
}


def describe(link: LinkState) -> dict[str, str]:
    """The facts `Transport.status()` promises: account, connection, rooms and last event."""
    connection = _STATE_WORDS.get(link.state, link.state)
    if link.state == "connected" and link.connected_since is not None:
        connection += f"（自 {link.connected_since:%m-%d %H:%M}）"
    if link.reconnects:
        connection += f"，已重连 {link.reconnects} 次"
    if link.last_event is None:
        last_event = "—"
    else:
        at, kind, detail = link.last_event
        last_event = f"{at:%m-%d %H:%M} {_EVENT_WORDS.get(kind, kind)}（{detail}）"
    return {
        "account": f"{link.account.name}（{link.account.contact_id}）" if link.account else "—",
        "connection": connection,
        "rooms": str(link.room_count) if link.room_count is not None else "—",
        "last_event": last_event,
    }
