"""`lianhu run` / `lianhu chat`: the bot in the foreground, with a terminal chat on the simulated WeChat."""

from __future__ import annotations

import asyncio
import logging
import queue
import signal
import sys
import threading
from pathlib import Path

from base.messages import Outgoing
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.transports.simulated import SimulatedTransport, media_from_file

SEND_KINDS = {"图片": "image", "语音": "voice", "视频": "video", "文件": "file"}


class Chat:
    """A terminal where a person speaks as any roster person into any group (works under tmux)."""

    def __init__(self, app: Application, transport: SimulatedTransport) -> None:
        self.app = app
        self.transport = transport
        self.words = app.deps.templates
        self.speaker = next(iter(transport.contacts.values()), self.words.render("chat.guest"))
        self.room: str | None = next(iter(transport.rooms.values()), None)
        transport.on_sent(self._show)

    def prompt(self) -> str:
        return f"[{self.speaker} @ {self.room or self.words.render('chat.private')}] > "

    async def loop(self) -> None:
        print(self.words.render("chat.help"), flush=True)
        terminal = Terminal(asyncio.get_running_loop())
        while True:
            line = await terminal.ask(self.prompt())
            if line is None or not await self.handle(line.strip()):
                return

    async def handle(self, line: str) -> bool:
        command, _, arg = line.partition(" ")
        if command == ":quit":
            return False
        if command == ":help":
            print(self.words.render("chat.help"))
        elif command == ":who":
            separator = self.words.render("chat.separator")
            print(self.words.render("chat.who_people", names=separator.join(sorted(self.transport.contacts.values()))))
            print(self.words.render("chat.who_rooms", names=separator.join(sorted(self.transport.rooms.values()))))
        elif command == ":as" and arg:
            self.speaker = arg.strip()
        elif command == ":in" and arg:
            self.room = arg.strip()
        elif command == ":private":
            self.room = None
        elif command == ":send" and arg:
            await self._send(arg)
        elif line:
            await self.transport.inject(self.speaker, line, self.app.clock.now(), self.room)
        return True

    async def _send(self, arg: str) -> None:
        word, _, path = arg.strip().partition(" ")
        if word not in SEND_KINDS or not path.strip():
            print(self.words.render("chat.help"))
            return
        try:
            media = media_from_file(Path(path.strip()).expanduser(), SEND_KINDS[word])
        except OSError as error:
            print(self.words.render("chat.unreadable_file", error=error))
            return
        await self.transport.inject(self.speaker, "", self.app.clock.now(), self.room, media)

    def _show(self, message: Outgoing) -> None:
        where = self.transport.rooms.get(message.room_id or "") or self.words.render(
            "chat.private_to", name=self.transport.contacts.get(message.to_id or "")
        )
        mentions = " ".join(f"@{self.transport.contacts.get(c, c)}" for c in message.mentions)
        print(f"\n🤖 [{where}] {mentions} {message.text}".replace("  ", " "), flush=True)
        if message.attachment is not None:
            print(f"📎 {message.attachment.name}（{message.attachment.path}）", flush=True)


class Terminal:
    """Reads typed lines on a daemon thread, so Ctrl-C stops the bot without waiting for one more Enter.

    (`run_in_executor(None, input)` leaves a pool thread blocked in `input()` that `asyncio.run` joins.)
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._prompts: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        threading.Thread(target=self._read, name="chat-input", daemon=True).start()

    async def ask(self, prompt: str) -> str | None:
        """The next line typed after `prompt`; None at the end of input."""
        self._prompts.put(prompt)
        return await self._lines.get()

    def _read(self) -> None:
        line: str | None = ""
        while line is not None:
            prompt = self._prompts.get()
            try:
                line = input(prompt)
            except EOFError:
                line = None
            self._loop.call_soon_threadsafe(self._lines.put_nowait, line)


def _log_to_file(path: Path) -> None:
    """In the terminal chat, logs go to a file so they do not interleave with the conversation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


async def run_bot(settings: Settings, *, force_chat: bool = False) -> int:
    app = ApplicationBuilder().settings(settings).web_console().build()
    simulated = app.transport if isinstance(app.transport, SimulatedTransport) else None
    chatting = simulated is not None and (force_chat or sys.stdin.isatty())
    if chatting:
        _log_to_file(app.var_dir / "lianhu.log")
    await app.start()
    try:
        if simulated is not None and chatting:
            print(_console_line(app), flush=True)
            await Chat(app, simulated).loop()
        else:
            await _until_stopped(app)
    finally:
        await app.stop()
    if app.failure:
        logging.getLogger(__name__).critical("stopped: %s", app.failure)
        return 1
    return 0


def _console_line(app: Application) -> str:
    """In the terminal chat the log goes to a file, so say here whether the web console is up."""
    words = app.deps.templates
    if app.deps.console_url is not None:
        return words.render("chat.web_on", url=app.deps.console_url)
    if app.web is not None:
        return words.render("chat.web_failed", log=app.var_dir / "lianhu.log")
    return words.render("chat.web_off")


async def _until_stopped(app: Application) -> None:
    """Run until SIGINT/SIGTERM, or until the application gives up."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, app.stopped.set)
    await app.stopped.wait()
