"""What every page handler finds on the aiohttp application."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from sqlalchemy.engine import Engine

from bot.clock import Clock
from storage.media import MediaStore


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


DEPS = web.AppKey("deps", WebDeps)


def web_deps(request: web.Request) -> WebDeps:
    return request.app[DEPS]
