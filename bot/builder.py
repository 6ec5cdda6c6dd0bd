"""Wires an `Application` from settings: database, roster, transport, clock, handlers, scheduler."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Self

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app import Application
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.lifecycle import transport_event_handler
from bot.outbox import OutboxDispatcher
from bot.pacing import Pacer
from bot.spool import Spool
from bot.status import runtime_facts
from bot.transport import Transport
from handlers.context import Deps
from handlers.templates import Templates
from nlp import Classifier, default_classifier, load_rules
from nlp.asr import load_transcriber
from schedules import build_scheduler
from storage.db import make_engine, migrate
from storage.media import MediaStore
from storage.models import Organisation
from storage.roster import import_roster

log = logging.getLogger(__name__)


class ApplicationBuilder:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._database_url: str | None = None
        self._transport: Transport | None = None
        self._clock: Clock | None = None
        self._virtual_time = False
        self._web_console = False

    def settings(self, settings: Settings) -> Self:
        self._settings = settings
        return self

    def database(self, url: str) -> Self:
        self._database_url = url
        return self

    def transport(self, transport: Transport) -> Self:
        self._transport = transport
        return self

    def clock(self, clock: Clock, *, virtual: bool = False) -> Self:
        """Use `clock`; `virtual=True` means jobs run when the clock is advanced, not by timers."""
        self._clock = clock
        self._virtual_time = virtual
        return self

    def web_console(self, enabled: bool = True) -> Self:
        """Serve the secretaries' web console with the bot (`lianhu run`), unless `web_port` is 0."""
        self._web_console = enabled
        return self

    def build(self) -> Application:
        settings = self._settings or Settings()
        engine = make_engine(self._database_url or settings.database_url)
        migrate(engine)
        clock = self._clock or SystemClock()
        _load_roster(engine, settings, clock)
        transport = self._transport or _default_transport(settings, engine, clock)
        var_dir = settings.var_dir or _var_dir(engine)
        transcriber = load_transcriber(settings.asr_model)
        media = MediaStore(settings.media_dir or var_dir / "media", settings.media_max_bytes)
        deps = Deps(
            clock=clock,
            templates=Templates.load(settings.templates),
            classify=_classifier(settings).classify,
            fold_window_minutes=settings.fold_window_minutes,
            emergency_window_minutes=settings.emergency_window_minutes,
            duplicate_window_days=settings.duplicate_window_days,
            export_dir=var_dir / "exports",
            media=media,
            transcribe=transcriber.transcribe if transcriber else None,
        )
        pacer = Pacer(clock, settings.room_interval_seconds, settings.messages_per_minute)
        dispatcher = OutboxDispatcher(
            engine,
            transport,
            clock,
            pacer,
            settings.instance_id,
            max_chars=settings.message_max_chars,
            label=lambda part, parts, text: deps.templates.render("outbox.part", part=part, parts=parts, text=text),
        )
        app = Application(settings, engine, clock, transport, deps, dispatcher, Spool(var_dir / "spool.jsonl"), var_dir)
        app.deps = replace(deps, runtime_status=lambda: runtime_facts(app))
        app.scheduler = build_scheduler(app, virtual=self._virtual_time)
        transport.on_event = transport_event_handler(app)
        transport.on_friend_request = app.friend_requests.handler()
        if self._web_console and settings.web_port:
            from bot.transports.simulated import SimulatedTransport
            from bot.web.server import WebConsole

            app.web = WebConsole(
                engine,
                clock,
                settings.web_host,
                settings.web_port,
                settings.console_url,
                domain=lambda: app.deps,
                flush=app.dispatcher.flush,
                media=media,
                var_dir=var_dir,
                simulated=transport if isinstance(transport, SimulatedTransport) else None,
            )
        return app


def _classifier(settings: Settings) -> Classifier:
    """Load and validate the keyword rules now, so a broken edit stops the bot at start."""
    classifier = load_rules(settings.nlp_rules) if settings.nlp_rules else default_classifier()
    classifier.classify("")
    return classifier


def _load_roster(engine: Engine, settings: Settings, clock: Clock) -> None:
    if settings.roster is not None:
        log.info("importing roster %s", settings.roster)
        import_roster(engine, settings.roster, today=clock.now().date())
    elif settings.demo and _ledger_is_empty(engine):
        log.info("empty ledger: importing the demo village")
        import_roster(engine, DEMO_ROSTER, today=clock.now().date())


def _ledger_is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(Organisation)).first() is None


def _default_transport(settings: Settings, engine: Engine, clock: Clock) -> Transport:
    if settings.uses_wechaty:
        from bot.transports.wechaty import WechatyTransport

        return WechatyTransport.from_settings(settings, clock)
    from bot.transports.simulated import SimulatedTransport

    return SimulatedTransport.from_database(engine)


def _var_dir(engine: Engine) -> Path:
    """Beside the SQLite file, else ./var: where the spool and exports go."""
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    return Path(database).parent if database and database != ":memory:" else Path("var")
