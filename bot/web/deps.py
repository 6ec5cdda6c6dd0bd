"""What every page handler finds on the aiohttp application."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from sqlalchemy.engine import Engine

from base.clock import Clock
from bot.transports.simulated import SimulatedTransport
from handlers.context import Deps
from storage.media import MediaStore


async def nothing_to_send() -> None:
    return None


@dataclass(frozen=True)
class WebDeps:
    engine: Engine
    clock: Clock
    # set when the public address is https, so the browser never sends the session in clear
    secure_cookies: bool = False
    # where records' photos, voice and files are kept; None: the console shows none
    media: MediaStore | None = None
    # roster uploads wait here between checking and importing
    upload_dir: Path = Path("var") / "uploads"
    # the running bot's handler services, read at each request (the bot replaces them as it starts)
    domain: Callable[[], Deps] | None = None
    # sends what an action put in the outbox now, rather than at the next message or tick
    flush: Callable[[], Awaitable[object]] = nothing_to_send
    # the simulated WeChat the simulator page types into; None on real WeChat
    simulator: SimulatedTransport | None = None


DEPS = web.AppKey("deps", WebDeps)


def web_deps(request: web.Request) -> WebDeps:
    return request.app[DEPS]
