"""A form's anti-forgery token: derived from the session cookie, which another site cannot read."""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web

from bot.web.auth import COOKIE

FIELD = "csrf"


def csrf_token(request: web.Request) -> str:
    session_id = request.cookies.get(COOKIE, "")
    return hashlib.sha256(f"csrf:{session_id}".encode()).hexdigest()


def csrf_ok(request: web.Request, sent: str) -> bool:
    return bool(request.cookies.get(COOKIE)) and hmac.compare_digest(sent, csrf_token(request))
