"""The aiohttp application (routes, headers, the Chinese 404) and its start and stop with the bot."""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.web import auth, download, figures, ledger, record
from bot.web.deps import DEPS, WebDeps
from bot.web.render import render

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
# No script runs on these pages; the policy says so, so an injected one would not run either.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STOP_WAITS_SECONDS = 5.0


@web.middleware
async def _headers(request: web.Request, handler: auth.Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = render("not_found.html", status=404, viewer=None, active="")
    response.headers.update(SECURITY_HEADERS)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"  # the ledger stays off shared computers' disks
    return response


class PathAccessLogger(AbstractAccessLogger):
    """The access log without query strings: a login link's token never reaches a log file."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.0fms", request.method, request.path, response.status, time * 1000)


def build_app(engine: Engine, clock: Clock, *, secure_cookies: bool = False) -> web.Application:
    app = web.Application(middlewares=[_headers])
    app[DEPS] = WebDeps(engine, clock, secure_cookies)
    app.router.add_get("/", ledger.show)
    app.router.add_get("/export.xlsx", download.export)
    app.router.add_get(r"/records/{number:\d{1,9}}", record.show)
    app.router.add_get("/stats", figures.show)
    app.router.add_get("/login", auth.login)
    app.router.add_post("/logout", auth.logout)
    app.router.add_static("/static", STATIC)
    return app


class WebConsole:
    """The console's server, started and stopped with the bot; a taken port leaves the bot running without it."""

    def __init__(self, engine: Engine, clock: Clock, host: str, port: int, public_url: str) -> None:
        self.engine = engine
        self.clock = clock
        self.host = host
        self.port = port
        self.public_url = public_url
        self._runner: web.AppRunner | None = None

    async def start(self) -> str | None:
        """Listen; returns the address login links point to, or None when the console could not start."""
        app = build_app(self.engine, self.clock, secure_cookies=self.public_url.startswith("https://"))
        runner = web.AppRunner(app, access_log_class=PathAccessLogger, shutdown_timeout=STOP_WAITS_SECONDS)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            log.error(
                "web console not started: cannot listen on %s:%s (%s); the bot keeps running without it "
                "(set LIANHU_WEB_PORT to a free port, or 0 to turn the console off)",
                self.host,
                self.port,
                error.strerror or error,
            )
            return None
        self._runner = runner
        log.info("web console listening on %s:%s; login links point to %s", self.host, self.port, self.public_url)
        return self.public_url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            log.info("web console stopped")
