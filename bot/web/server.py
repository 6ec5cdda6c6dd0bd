"""The aiohttp application (routes, headers, the Chinese 404) and its start and stop with the bot."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from sqlalchemy.engine import Engine

from base.clock import Clock
from bot.transports.simulated import SimulatedTransport
from bot.web import actions, auth, download, figures, ledger, members, record, roster, simulator, township
from bot.web import media as media_page
from bot.web.deps import DEPS, WebDeps, nothing_to_send
from bot.web.render import render
from handlers.context import Deps
from storage.media import MediaStore

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
# No script runs on these pages (the simulator's own script aside, which sets its own policy);
# the policy says so, so an injected one would not run either.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; "
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
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"  # the ledger stays off shared computers' disks
    return response


class PathAccessLogger(AbstractAccessLogger):
    """The access log without query strings: a login link's token never reaches a log file."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.0fms", request.method, request.path, response.status, time * 1000)


def build_app(
    engine: Engine,
    clock: Clock,
    *,
    secure_cookies: bool = False,
    media: MediaStore | None = None,
    var_dir: Path = Path("var"),
    domain: Callable[[], Deps] | None = None,
    flush: Callable[[], Awaitable[object]] | None = None,
    simulated: SimulatedTransport | None = None,
) -> web.Application:
    """The console; `domain` (the bot's handler services) enables acting on records, `simulated` the simulator."""
    app = web.Application(middlewares=[_headers])
    app[DEPS] = WebDeps(
        engine,
        clock,
        secure_cookies,
        media=media,
        upload_dir=var_dir / "uploads",
        domain=domain,
        flush=flush or nothing_to_send,
        simulator=simulated,
    )
    app.router.add_get("/", ledger.show)
    app.router.add_get("/export.xlsx", download.export)
    app.router.add_get(r"/records/{number:\d{1,9}}", actions.with_notice(record.show))
    app.router.add_post(r"/records/{number:\d{1,9}}/{action:[a-z]+}", actions.act)
    app.router.add_get(r"/media/{number:\d{1,9}}", media_page.show)
    app.router.add_get("/stats", figures.show)
    app.router.add_get("/members", members.index)
    app.router.add_get(r"/members/{person_id:\d{1,9}}", members.show)
    app.router.add_get("/roster", roster.show)
    app.router.add_post("/roster", roster.upload)
    app.router.add_post("/roster/confirm", roster.confirm)
    app.router.add_get("/roster.xlsx", roster.download)
    app.router.add_get("/township", township.show)
    app.router.add_get("/login", auth.login_page)
    app.router.add_post("/login", auth.login)
    app.router.add_post("/logout", auth.logout)
    if simulated is not None:
        app[simulator.CONVERSATION] = simulator.Conversation(simulated, clock)
        app.router.add_get("/simulator", simulator.show)
        app.router.add_post("/simulator/say", simulator.say)
        app.router.add_get("/simulator/messages", simulator.messages)
    app.router.add_static("/static", STATIC)
    return app


class WebConsole:
    """The console's server, started and stopped with the bot; a taken port leaves the bot running without it."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        host: str,
        port: int,
        public_url: str,
        *,
        media: MediaStore | None = None,
        var_dir: Path = Path("var"),
        domain: Callable[[], Deps] | None = None,
        flush: Callable[[], Awaitable[object]] | None = None,
        simulated: SimulatedTransport | None = None,
    ) -> None:
        self.engine = engine
        self.media = media
        self.var_dir = var_dir
        self.clock = clock
        self.host = host
        self.port = port
        self.public_url = public_url
        self.domain = domain
        self.flush = flush
        self.simulated = simulated
        self._runner: web.AppRunner | None = None

    async def start(self) -> str | None:
        """Listen; returns the address login links point to, or None when the console could not start."""
        app = build_app(
            self.engine,
            self.clock,
            secure_cookies=self.public_url.startswith("https://"),
            media=self.media,
            var_dir=self.var_dir,
            domain=self.domain,
            flush=self.flush,
            simulated=self.simulated,
        )
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
        if self.simulated is not None:
            log.info("simulated WeChat in the browser: %s/simulator", self.public_url)
        return self.public_url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            log.info("web console stopped")
