"""A real Wechaty puppet-service gateway (Node, tests/wechaty_peer) for the wechaty tests.

`PuppetPeer` runs `tests/wechaty_peer/peer.mjs`: `wechaty-puppet-service`'s PuppetServer over
`wechaty-puppet-mock` on 127.0.0.1. It creates contacts and rooms, makes contacts speak, and
reports what the bot sent. It can be killed and restarted on the same port; the restarted
gateway gets the same contacts and rooms again (a real gateway keeps them with the account).

tests/bot/conftest.py exposes the fixtures `puppet_peer` and `shared_puppet_peer`.
The npm packages are installed into tests/wechaty_peer/node_modules (git-ignored) on first use.
Without Node the tests skip, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

PEER_DIR = Path(__file__).resolve().parents[1] / "wechaty_peer"
TOKEN = "lianhu-test-token"
BOT_ID = "wxid_lianhu_bot"
BOT_NAME = "联户助手"
START_TIMEOUT = 30.0

T = TypeVar("T")


@dataclass(frozen=True)
class Sent:
    """A message the bot sent, as the gateway saw it."""

    id: str
    text: str
    room_id: str | None
    to_id: str | None
    mentions: tuple[str, ...]
    file: dict[str, Any] | None = None  # name, size and sha256 of a file the bot sent


async def eventually(probe: Callable[[], T | None], timeout: float = 10.0, what: str = "condition") -> T:
    """Poll `probe` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


class PuppetPeer:
    """Controls one gateway process; its methods are safe to call from any event loop."""

    def __init__(self, *, token: str = TOKEN, bot_id: str = BOT_ID, bot_name: str = BOT_NAME) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.port = 0
        self.sent: list[Sent] = []
        self.accepted_friendships: list[str] = []
        self.stderr: deque[str] = deque(maxlen=200)
        self._contacts: list[dict[str, Any]] = []
        self._said: dict[str, dict[str, Any]] = {}
        self._rooms: list[dict[str, Any]] = []
        self._replies: dict[int, dict[str, Any]] = {}
        self._seq = 0
        self._replied = threading.Condition()
        self._listening = threading.Event()
        self._client_connected = False
        self._process: subprocess.Popen[str] | None = None

    # -- process ------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def client_connected(self) -> bool:
        """Whether python-wechaty's event stream is attached to the gateway."""
        return self._client_connected

    def start(self, port: int | None = None) -> None:
        """Start the gateway (on `port`, else a free one) and wait until it listens."""
        if self._process is not None:
            raise RuntimeError("peer already running")
        self._listening.clear()
        self._client_connected = False
        env = {**os.environ, "WECHATY_LOG": os.environ.get("LIANHU_TEST_PEER_LOG", "warn")}
        argv = ["node", "peer.mjs", "--port", str(port if port is not None else 0), "--token", self.token]
        argv += ["--bot-id", self.bot_id, "--bot-name", self.bot_name]
        self._process = subprocess.Popen(
            argv, cwd=PEER_DIR, env=env, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        threading.Thread(target=self._read_stdout, args=(self._process,), daemon=True).start()
        threading.Thread(target=self._read_stderr, args=(self._process,), daemon=True).start()
        if not self._listening.wait(START_TIMEOUT):
            self.kill()
            raise RuntimeError("puppet peer did not start:\n" + self.diagnostics())

    def kill(self) -> None:
        """SIGKILL the gateway: the connection drops without goodbye, like a crash."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(10)
        self._client_connected = False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()

    def pause(self) -> None:
        """SIGSTOP: the TCP connection stays open but nothing answers (a silent network)."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def restart(self) -> None:
        """Start again on the same port, with the same contacts and rooms."""
        self.kill()
        self.start(self.port)
        if self._contacts:
            self.command_sync("contacts", contacts=self._contacts)
        if self._rooms:
            self.command_sync("rooms", rooms=self._rooms)

    def diagnostics(self) -> str:
        return "\n".join(self.stderr)

    # -- commands -----------------------------------------------------------------------

    def command_sync(self, cmd: str, timeout: float = 10.0, **fields: Any) -> dict[str, Any]:
        """Send one command and wait for its reply (blocking; the peer never waits for us)."""
        process = self._process
        if process is None or process.stdin is None:
            raise RuntimeError("peer is not running")
        with self._replied:
            self._seq += 1
            seq = self._seq
        process.stdin.write(json.dumps({"seq": seq, "cmd": cmd, **fields}, ensure_ascii=False) + "\n")
        process.stdin.flush()
        with self._replied:
            if not self._replied.wait_for(lambda: seq in self._replies, timeout):
                raise AssertionError(f"no reply from the peer to {cmd} within {timeout} s:\n{self.diagnostics()}")
            reply = self._replies.pop(seq)
        if not reply.get("ok"):
            raise RuntimeError(f"peer {cmd} failed: {reply.get('error')}")
        return reply

    async def command(self, cmd: str, timeout: float = 10.0, **fields: Any) -> dict[str, Any]:
        return await asyncio.to_thread(self.command_sync, cmd, timeout, **fields)

    def add_contacts(self, contacts: list[dict[str, Any]]) -> None:
        """Contacts as `{"id", "name", "alias"?}`; `name` is the WeChat nickname."""
        self.command_sync("contacts", contacts=contacts)
        self._contacts.extend(contacts)

    def add_rooms(self, rooms: list[dict[str, Any]]) -> None:
        """Rooms as `{"id", "topic", "members"}`; ids should end in "@chatroom"; the bot joins all."""
        self.command_sync("rooms", rooms=rooms)
        self._rooms.extend(rooms)

    async def say(
        self,
        sender: str,
        text: str,
        *,
        room: str | None = None,
        mentions: tuple[str, ...] | list[str] = (),
        message_id: str | None = None,
        timestamp_ms: int | None = None,
        media: dict[str, str] | None = None,
    ) -> str:
        """`sender` says `text` in `room` (or privately to the bot); returns the message id.

        Reusing a `message_id` delivers the same message again (a redelivery). `media`
        ({"kind": "image"|"audio"|"video"|"attachment", "name", "base64"}) sends a file instead.
        """
        fields: dict[str, Any] = {"from": sender, "text": text, "mentions": list(mentions)}
        if room is not None:
            fields["room"] = room
        if message_id is not None:
            fields["id"] = message_id
        if timestamp_ms is not None:
            fields["timestamp"] = timestamp_ms
        if media is not None:
            fields["media"] = media
        reply = await self.command("say", **fields)
        fields.update(id=reply["id"], timestamp=reply["timestamp"])
        self._said[str(reply["id"])] = fields
        return str(reply["id"])

    async def request_friendship(self, contact: dict[str, str], hello: str = "") -> str:
        """`contact` (`{"id", "name", "phone"?}`, a new one unless known) asks to befriend the
        bot; returns the friendship's id."""
        fields: dict[str, Any] = {"from": contact, "hello": hello}
        reply = await self.command("friend_request", **fields)
        return str(reply["id"])

    async def redeliver(self, message_id: str) -> None:
        """Deliver an earlier message again, same id and content, as a gateway does after a
        reconnection (also after a restart, when this gateway process never saw it)."""
        await self.command("say", **self._said[message_id])

    async def wait_sent(self, predicate: Callable[[Sent], bool], timeout: float = 10.0) -> Sent:
        """The first message the bot sent that matches `predicate`."""
        return await eventually(lambda: next((s for s in self.sent if predicate(s)), None), timeout, "a sent message")

    # -- reader threads -----------------------------------------------------------------

    def _read_stdout(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                self.stderr.append("stdout: " + line.rstrip())
                continue
            event = data.get("event")
            if event == "listening":
                self.port = int(data["port"])
                self._listening.set()
            elif event == "sent":
                self.sent.append(
                    Sent(
                        data["id"],
                        data["text"],
                        data.get("room_id"),
                        data.get("to_id"),
                        tuple(data["mentions"]),
                        data.get("file"),
                    )
                )
            elif event == "friendship_accepted":
                self.accepted_friendships.append(str(data["id"]))
            elif event == "client":
                self._client_connected = bool(data["connected"])
            elif "reply" in data and data["reply"] is not None:
                with self._replied:
                    self._replies[int(data["reply"])] = data
                    self._replied.notify_all()

    def _read_stderr(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.stderr.append(line.rstrip())


# -- installation -------------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the wechaty tests: {reason}")
    pytest.skip(reason)


def _installed_versions_match() -> bool:
    wanted = json.loads((PEER_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for package, version in wanted.items():
        manifest = PEER_DIR / "node_modules" / package / "package.json"
        if not manifest.exists() or json.loads(manifest.read_text(encoding="utf-8")).get("version") != version:
            return False
    return True


def ensure_peer_installed() -> None:
    """`npm install` the gateway's exact versions into tests/wechaty_peer/node_modules if needed."""
    if shutil.which("node") is None:
        _unavailable("Node.js is not installed: the wechaty tests need it for the puppet-service peer")
    if _installed_versions_match():
        return
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed: cannot install the puppet-service peer")
        return
    # `npm install`, not `npm ci`: ci fails against some registry mirrors; package.json pins
    # exact versions and package-lock.json the rest.
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund"], cwd=PEER_DIR, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0 or not _installed_versions_match():
        pytest.fail(f"npm install in {PEER_DIR} failed:\n{result.stdout}\n{result.stderr}")


_installed = False


def _running_peer() -> PuppetPeer:
    global _installed
    if not _installed:
        ensure_peer_installed()
        _installed = True
    peer = PuppetPeer()
    peer.start()
    return peer


@pytest.fixture
def puppet_peer() -> Iterator[PuppetPeer]:
    """A gateway of this test's own, free to kill, pause and restart."""
    peer = _running_peer()
    try:
        yield peer
    finally:
        peer.stop()


@pytest.fixture(scope="module")
def shared_puppet_peer() -> Iterator[PuppetPeer]:
    """One gateway for a module's tests that leave it running; saves ~1.5 s of Node per test."""
    peer = _running_peer()
    try:
        yield peer
    finally:
        peer.stop()
