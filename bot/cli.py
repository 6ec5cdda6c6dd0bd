"""`lianhu` (also `python -m bot`): run the bot, chat with it, replay a script, manage the ledger."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


def _with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", metavar="URL", help="database URL (default: LIANHU_DATABASE_URL or SQLite in ./var)")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lianhu", description="联户助手: 党员联户微信群机器人")
    commands = parser.add_subparsers(dest="command", required=True)

    run = _with_db(commands.add_parser("run", help="start the bot (simulated WeChat unless wechaty is configured)"))
    run.add_argument("--roster", type=Path, help="import this roster (.xlsx or CSV folder) on start")
    run.add_argument("--demo", action="store_true", help="import the demo village if the ledger is empty")
    run.add_argument(
        "--accounts", metavar="A,B", help="run only these of the configured WeChat accounts (default: all)"
    )
    run.set_defaults(handler=_run)

    chat = _with_db(commands.add_parser("chat", help="type as any roster person into any group (simulated)"))
    chat.add_argument("--demo", action="store_true", help="import the demo village if the ledger is empty")
    chat.set_defaults(handler=_chat)

    replay = _with_db(commands.add_parser("replay", help="run a scripted conversation, print what the bot sent"))
    replay.add_argument("script", type=Path, help="the script; - reads steps from stdin, acknowledging each")
    replay.add_argument("--sent-log", type=Path, help="append what the bot sends to this file, synced to disk")
    replay.set_defaults(handler=_replay)

    roster = commands.add_parser("roster", help="the roster (花名册)").add_subparsers(dest="action", required=True)
    roster_import = _with_db(roster.add_parser("import", help="validate and import a roster"))
    roster_import.add_argument("path", type=Path)
    roster_import.add_argument("--dry-run", action="store_true", help="validate only, change nothing")
    roster_import.set_defaults(handler=_roster_import)

    ledger = commands.add_parser("ledger", help="the ledger (台账)").add_subparsers(dest="action", required=True)
    export = _with_db(ledger.add_parser("export", help="export records"))
    export.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl")
    export.add_argument("--month", metavar="YYYY-MM")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=_ledger_export)

    migrate = _with_db(commands.add_parser("migrate", help="apply database migrations"))
    migrate.set_defaults(handler=_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides: dict[str, object] = {}
    if getattr(args, "db", None):
        overrides["database_url"] = args.db
    if getattr(args, "roster", None):
        overrides["roster"] = args.roster
    if getattr(args, "demo", False):
        overrides["demo"] = True
    if getattr(args, "accounts", None):
        overrides["run_accounts"] = [name.strip() for name in args.accounts.split(",") if name.strip()]
    settings = Settings(**overrides)  # type: ignore[arg-type]
    logging.basicConfig(
        level=settings.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    handler: Handler = args.handler
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, settings: Settings) -> int:
    return _start_bot(settings, force_chat=False)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    return _start_bot(settings, force_chat=True)


def _start_bot(settings: Settings, *, force_chat: bool) -> int:
    from bot.console import run_bot
    from nlp.asr import AsrConfigError

    try:
        return asyncio.run(run_bot(settings, force_chat=force_chat))
    except AsrConfigError as error:
        logging.getLogger(__name__).critical("not started: %s", error)
        return 2


def _replay(args: argparse.Namespace, settings: Settings) -> int:
    from bot.replay import ScriptError, follow, run_script
    from handlers.templates import Templates

    words = Templates.load(settings.templates)
    try:
        if str(args.script) == "-":
            if args.sent_log is None:
                print(words.render("cli.replay_needs_sent_log"), file=sys.stderr)
                return 2
            return asyncio.run(follow(sys.stdin, settings, args.sent_log, sys.stdout))
        return asyncio.run(run_script(args.script, settings, sys.stdout))
    except ScriptError as error:
        print(words.render("cli.replay_failed", error=error), file=sys.stderr)
        return 2


def _roster_import(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import make_engine, migrate
    from storage.roster import RosterError, import_roster

    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        report = import_roster(engine, args.path, dry_run=args.dry_run)
    except RosterError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(str(report))
    return 0


def _ledger_export(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import Session

    from handlers.export import export_ledger
    from handlers.templates import Templates
    from storage.db import make_engine, migrate

    words = Templates.load(settings.templates)
    engine = make_engine(settings.database_url)
    migrate(engine)
    out = args.output.open("wb") if args.output else sys.stdout.buffer
    try:
        with Session(engine) as session:
            count = export_ledger(session, args.format, out, month=args.month)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    finally:
        if args.output:
            out.close()
    print(words.render("cli.exported", count=count), file=sys.stderr)
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import make_engine, migrate

    migrate(make_engine(settings.database_url))
    return 0
