"""A real bot in a subprocess (`lianhu replay - --sent-log`), fed one step at a time, killable at will."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

ROOT = Path(__file__).parent.parent.parent


class BotProcess:
    def __init__(self, db_url: str, workdir: Path, instance_id: str = "fault-bot") -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.sent_log = workdir / "sent.jsonl"
        self.instance_id = instance_id
        self.boots = 0
        self._proc: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None

    def start(self) -> None:
        self.boots += 1
        with self.sent_log.open("a", encoding="utf-8") as log:  # nobody writes it now: the last bot is dead
            log.write(json.dumps({"boot": self.boots}) + "\n")
        env = os.environ | {
            "LIANHU_DATABASE_URL": self.db_url,
            "LIANHU_INSTANCE_ID": self.instance_id,
            "LIANHU_VAR_DIR": str(self.workdir / "var"),
            "LIANHU_LOG_LEVEL": "WARNING",
        }
        self._stderr = (self.workdir / f"stderr-{self.boots}.log").open("w", encoding="utf-8")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "replay", "-", "--sent-log", str(self.sent_log)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            cwd=ROOT,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def send(self, step: dict[str, object]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(step, ensure_ascii=False) + "\n")
        self._proc.stdin.flush()

    def acknowledged(self) -> None:
        """Wait until the bot has done the step it was sent."""
        assert self._proc is not None and self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the bot exited ({self._proc.wait()}): see {self._stderr and self._stderr.name}")
        assert "done" in json.loads(line)

    def kill(self) -> None:
        assert self._proc is not None
        self._proc.send_signal(signal.SIGKILL)
        self._proc.wait()
        self._closed()

    def finish(self) -> None:
        """End of the stream: the bot shuts down as it would on a normal stop."""
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.close()
        code = self._proc.wait(timeout=120)
        self._closed()
        if code != 0:
            raise RuntimeError(f"the bot exited with {code}")

    def _closed(self) -> None:
        assert self._proc is not None
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        if self._stderr is not None:
            self._stderr.close()
        self._proc = None
