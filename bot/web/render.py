"""Jinja2 set-up: the templates beside this file, HTML escaped, times shown in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from base.clock import TZ


def local_time(when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return when.astimezone(TZ).strftime(fmt) if when is not None else "—"


ENV = Environment(
    loader=PackageLoader("bot.web", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["local"] = local_time


def render(template: str, *, status: int = 200, **context: Any) -> web.Response:
    html = ENV.get_template(template).render(**context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
