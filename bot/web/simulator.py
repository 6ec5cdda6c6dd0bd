"""The simulator page (simulated WeChat only): speak as anyone in any group or privately, and
watch what the bot sends, live.

A typed message goes in through the simulated transport's incoming side, exactly as the
terminal chat's does (inbox, pipeline, outbox, paced sends); the page's log is what the
transport was asked to send. Anyone who can reach the console may use it, so it is only
served when no real WeChat account is attached; its form token is a cookie of its own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from sqlmodel import Session, col, select
from yarl import URL

from base.clock import Clock
from base.messages import Outgoing
from bot.transports.simulated import SimulatedTransport
from bot.web import csrf
from bot.web.deps import web_deps
from bot.web.render import ENV, local_time, render
from handlers.labels import ROLE_LABELS
from storage.enums import Role
from storage.models import Group, Person

COOKIE = "lianhu_simulator"
SCRIPT_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
KEPT = 500


@dataclass(frozen=True)
class Line:
    number: int
    at: str
    direction: str  # "in": typed on this page; "out": sent by the bot
    room: str  # the group's name; "" for a private chat
    person: str  # who typed it, or who the bot wrote to privately
    text: str


class Conversation:
    """What was typed here and everything the bot sent, numbered so the page asks only for what is new."""

    def __init__(self, transport: SimulatedTransport, clock: Clock) -> None:
        self.transport = transport
        self.clock = clock
        self.lines: list[Line] = []
        self._count = 0
        transport.on_sent(self._sent)

    def add(self, at: datetime, direction: str, room: str, person: str, text: str) -> None:
        self._count += 1
        self.lines.append(Line(self._count, local_time(at, "%H:%M:%S"), direction, room, person, text))
        del self.lines[:-KEPT]

    def _sent(self, message: Outgoing) -> None:
        room = self.transport.rooms.get(message.room_id, message.room_id) if message.room_id else ""
        person = self.transport.contacts.get(message.to_id, message.to_id) if message.to_id else ""
        self.add(self.clock.now(), "out", room, person, message.text)

    def after(self, number: int) -> list[Line]:
        return [line for line in self.lines if line.number > number]


CONVERSATION = web.AppKey("conversation", Conversation)


@dataclass(frozen=True)
class Speaker:
    name: str
    wechat_name: str
    role: str


def _speakers(session: Session) -> list[Speaker]:
    """Everyone on the roster, secretaries first (Role's own order), each under their WeChat name."""
    people = sorted(
        session.exec(select(Person).where(Person.active).order_by(col(Person.id))),
        key=lambda p: list(Role).index(Role(p.role)),
    )
    return [Speaker(p.name, p.wechat_name, ROLE_LABELS[Role(p.role)]) for p in people if p.wechat_name]


def _groups(session: Session) -> list[str]:
    return [g.name for g in session.exec(select(Group).where(Group.active).order_by(col(Group.tier), col(Group.id)))]


def _transport(request: web.Request) -> SimulatedTransport:
    transport = web_deps(request).simulator
    if transport is None:
        raise web.HTTPNotFound()
    return transport


def _form_token(request: web.Request) -> tuple[str, str]:
    """This browser's simulator cookie (new if it has none) and the form token derived from it."""
    cookie = request.cookies.get(COOKIE) or secrets.token_urlsafe(32)
    return cookie, csrf.token_for(cookie)


async def show(request: web.Request) -> web.StreamResponse:
    _transport(request)
    deps = web_deps(request)
    cookie, token = _form_token(request)
    with Session(deps.engine) as session:
        speakers, groups = _speakers(session), _groups(session)
    chosen_speaker = request.query.get("as", "")
    chosen_chat = request.query.get("in", groups[0] if groups else "")
    response = render(
        "simulator.html",
        viewer=None,
        active="",
        speakers=speakers,
        groups=groups,
        chosen_speaker=chosen_speaker,
        chosen_chat=chosen_chat,
        lines=request.app[CONVERSATION].lines,
        csrf_field=csrf.FIELD,
        token=token,
    )
    response.set_cookie(COOKIE, cookie, path="/simulator", httponly=True, samesite="Strict")
    response.headers["Content-Security-Policy"] = SCRIPT_POLICY
    return response


async def say(request: web.Request) -> web.StreamResponse:
    transport = _transport(request)
    form = await request.post()
    sent = form.get(csrf.FIELD)
    if not (isinstance(sent, str) and csrf.matches(request.cookies.get(COOKIE), sent)):
        return render("forged.html", status=403)
    speaker, chat, text = (str(form.get(name, "")).strip() for name in ("speaker", "chat", "text"))
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not speaker or not text:
        if wants_json:
            return web.json_response({"ok": False}, status=400)
        raise web.HTTPSeeOther(location="/simulator")
    now = web_deps(request).clock.now()
    request.app[CONVERSATION].add(now, "in", chat, speaker, text)
    await transport.inject(speaker, text, now, room=chat or None)
    if wants_json:
        return web.json_response({"ok": True})
    query = URL.build(path="/simulator", query={"as": speaker, "in": chat})
    raise web.HTTPSeeOther(location=str(query))


async def messages(request: web.Request) -> web.StreamResponse:
    _transport(request)
    after = request.query.get("after", "0")
    number = int(after) if after.isascii() and after.isdigit() else 0
    lines = request.app[CONVERSATION].after(number)
    html = ENV.get_template("simulator_lines.html").render(lines=lines)
    return web.json_response({"last": lines[-1].number if lines else number, "html": html})
