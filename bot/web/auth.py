"""Signing in with a one-time link from `/控制台`, the session cookie, and signing out.

Opening the link (GET) only shows a button; the button's POST spends the link. A chat app
fetching the link for its preview, however often, leaves it valid for the secretary.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from sqlmodel import Session

from bot.web import csrf
from bot.web.deps import web_deps
from bot.web.render import render
from storage.console import end_session, open_session, redeem_login, session_person_id
from storage.db import session_scope
from storage.enums import OrgKind, Role
from storage.models import Organisation, Person

COOKIE = "lianhu_console"
SESSION_VALID_FOR = timedelta(hours=12)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Viewer:
    """The secretary looking at the console, and the organisation whose ledger they see."""

    person: Person
    org: Organisation
    csrf: str = ""


Page = Callable[[web.Request, Session, Viewer], web.StreamResponse]


def _secretary(session: Session, person_id: int | None) -> Viewer | None:
    """Still on the roster as a secretary or township cadre: a link or session outlives no change of role."""
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None or not person.active or person.role not in (Role.SECRETARY, Role.TOWNSHIP):
        return None
    org = session.get(Organisation, person.org_id)
    return Viewer(person, org) if org is not None else None


def current_viewer(request: web.Request, session: Session, now: datetime) -> Viewer | None:
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    viewer = _secretary(session, session_person_id(session, session_id, now))
    return Viewer(viewer.person, viewer.org, csrf.token_for(session_id)) if viewer else None


def forged(request: web.Request, form: Mapping[str, object]) -> bool:
    """A POST whose form token is not this browser session's: made by another site, or a stale tab."""
    sent = form.get(csrf.FIELD)
    return not (isinstance(sent, str) and csrf.matches(request.cookies.get(COOKIE), sent))


def forged_page() -> web.Response:
    return render("forged.html", status=403)


def signed_in(page: Page) -> Handler:
    """Run `page` for a signed-in secretary; anyone else gets the page on how to get a link."""

    @functools.wraps(page)
    async def handler(request: web.Request) -> web.StreamResponse:
        deps = web_deps(request)
        with Session(deps.engine) as session:
            viewer = current_viewer(request, session, deps.clock.now())
            if viewer is None:
                return render("login_help.html", status=401)
            return page(request, session, viewer)

    return handler


async def login_page(request: web.Request) -> web.StreamResponse:
    """The link from WeChat: a button that spends it, so previews and prefetches do not."""
    token = request.query.get("token", "").strip()
    if not token:
        return render("login_help.html", status=401)
    return render("login.html", token=token)


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    token = form.get("token")
    if not isinstance(token, str) or not token.strip():
        return render("login_help.html", status=401)
    token = token.strip()
    deps = web_deps(request)
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        viewer = _secretary(session, redeem_login(session, token, now))
        if viewer is None or viewer.person.id is None:
            return render("link_expired.html", status=403)
        previous = request.cookies.get(COOKIE)
        if previous:
            end_session(session, previous, now)
        session_id = open_session(session, viewer.person.id, now, SESSION_VALID_FOR)
    home = "/township" if viewer.org.kind == OrgKind.TOWNSHIP else "/"
    response = web.Response(status=303, headers={"Location": home})
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=int(SESSION_VALID_FOR.total_seconds()),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=deps.secure_cookies or None,
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    if forged(request, await request.post()):
        return forged_page()
    deps = web_deps(request)
    session_id = request.cookies.get(COOKIE)
    if session_id:
        with session_scope(deps.engine) as session:
            end_session(session, session_id, deps.clock.now())
    response = render("logged_out.html")
    response.del_cookie(COOKIE, path="/")
    return response
