"""Wires an `Application` from settings: database, roster, transport, clock, handlers, scheduler."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Self

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import Clock, SystemClock, VirtualClock
from base.messages import DEFAULT_ACCOUNT
from bot.app import Application
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.lifecycle import transport_event_handler
from bot.outbox import OutboxDispatcher
from bot.pacing import Pacer
from bot.routing import AccountRouter
from bot.spool import Spool
from bot.status import runtime_facts
from bot.transport import Transport
from bot.transports.accounts import AccountTransports
from handlers.context import Deps
from handlers.templates import Templates
from nlp import Classifier, default_classifier, load_rules
from nlp.asr import load_transcriber
from schedules.jobs import all_jobs
from schedules.realtime import RealtimeScheduler
from schedules.runner import JobRunner
from schedules.virtual import VirtualScheduler
from storage.db import make_engine, migrate
from storage.media import MediaStore
from storage.models import Organisation
from storage.roster import import_roster

log = logging.getLogger(__name__)


class ApplicationBuilder:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._database_url: str | None = None
        self._engine: Engine | None = None
        self._transports: dict[str, Transport] = {}
        self._clock: Clock | None = None
        self._virtual_time = False
        self._web_console = False

    def settings(self, settings: Settings) -> Self:
        self._settings = settings
        return self

    def database(self, url: str) -> Self:
        self._database_url = url
        return self

    def engine(self, engine: Engine) -> Self:
        """An engine the caller made and shares (a test's), instead of one from `database`."""
        self._engine = engine
        return self

    def transport(self, transport: Transport) -> Self:
        """The one WeChat account's transport."""
        return self.transports({DEFAULT_ACCOUNT: transport})

    def transports(self, transports: Mapping[str, Transport]) -> Self:
        """A transport per account this process runs, by account name (see `Settings.accounts`)."""
        self._transports = dict(transports)
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
        engine = self._engine or make_engine(self._database_url or settings.database_url)
        migrate(engine)
        clock = self._clock or SystemClock()
        _load_roster(engine, settings, clock)
        accounts = settings.account_list()
        transports = self._transports or _default_transports(settings, engine, clock)
        unknown = set(transports) - {account.name for account in accounts}
        if unknown:
            raise ValueError(f"transports for accounts not configured: {sorted(unknown)}")
        transport = _one_transport(transports)
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
        pacers = {
            name: Pacer(clock, settings.room_interval_seconds, settings.messages_per_minute) for name in transports
        }
        dispatcher = OutboxDispatcher(
            engine,
            transports,
            clock,
            pacers,
            settings.instance_id,
            router=AccountRouter(accounts),
            max_chars=settings.message_max_chars,
            label=lambda part, parts, text: deps.templates.render("outbox.part", part=part, parts=parts, text=text),
        )
        app = Application(settings, engine, clock, transport, deps, dispatcher, Spool(var_dir / "spool.jsonl"), var_dir)
        app.deps = replace(deps, runtime_status=lambda: runtime_facts(app))
        app.scheduler = _scheduler(app, virtual=self._virtual_time)
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
    classifier = (
        load_rules(settings.nlp_rules, learnt=settings.nlp_learnt) if settings.nlp_rules else default_classifier()
    )
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


def _default_transports(settings: Settings, engine: Engine, clock: Clock) -> dict[str, Transport]:
    """A Wechaty transport per local account with an endpoint or token, else the simulated WeChat."""
    transports: dict[str, Transport] = {}
    for account in settings.local_accounts():
        if account.endpoint or account.token:
            from bot.transports.wechaty import WechatyTransport

            transports[account.name] = WechatyTransport.from_account(account, settings, clock)
        else:
            from bot.transports.simulated import SimulatedTransport

            transports[account.name] = SimulatedTransport.from_database(engine)
    return transports


def _one_transport(transports: dict[str, Transport]) -> Transport:
    """What the application starts: the default account's own transport, else all of them together."""
    if list(transports) == [DEFAULT_ACCOUNT]:
        return transports[DEFAULT_ACCOUNT]
    return AccountTransports(transports)


def _var_dir(engine: Engine) -> Path:
    """Beside the SQLite file, else ./var: where the spool and exports go."""
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    return Path(database).parent if database and database != ":memory:" else Path("var")


def _scheduler(app: Application, *, virtual: bool) -> RealtimeScheduler | VirtualScheduler:
    runner = JobRunner(app, all_jobs(app.settings))
    if virtual:
        if not isinstance(app.clock, VirtualClock):
            raise TypeError("a virtual scheduler needs a VirtualClock")
        return VirtualScheduler(runner, app.clock)
    return RealtimeScheduler(runner)
