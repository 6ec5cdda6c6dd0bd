"""The bot's peak memory with the county loaded: a real `lianhu replay -` process on the county's database.

It boots on the database (schedules, accounts, the ledger), takes a few messages from households
in their groups, and its peak resident set (VmHWM) is read from /proc before it is told to stop.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.county.generate import County

TEXTS = ("我家门口的路灯坏了，晚上看不见路", "谢谢书记上次帮忙", "村里什么时候组织体检？", "好的", "下水道堵了好几天了")
START = "2026-03-10T10:00:00+08:00"
ROOT = Path(__file__).resolve().parents[2]
"""The checkout this benchmark belongs to: the bot it starts is this code, not an installed copy."""


def steps(county: County, count: int = 5) -> list[dict[str, str]]:
    """A few households speaking in their member's group, across the county."""
    villages = county.villages[:: max(1, len(county.villages) // count)][:count]
    said = []
    for n, village in enumerate(villages):
        household = village.households[n * 7 % len(village.households)]
        room = f"{household.member}联户群"
        speaker = household.representative or household.head
        said.append({"say": TEXTS[n % len(TEXTS)], "from": speaker, "room": room, "id": f"bench-{n}"})
    return [{"at": START}, *said]


def peak_rss(url: str, county: County, folder: Path) -> tuple[int, int]:
    """The bot's peak RSS in bytes and how many lines it sent, after it acknowledged every step."""
    sent_log = folder / "sent.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "replay", "-", "--sent-log", str(sent_log), "--db", url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for n, step in enumerate(steps(county), 1):
            process.stdin.write(json.dumps(step, ensure_ascii=False) + "\n")
            process.stdin.flush()
            while (line := process.stdout.readline()) and json.loads(line).get("done") != n:
                pass
            if not line:
                raise RuntimeError(f"the bot stopped before acknowledging step {n} (exit {process.wait()})")
        peak = _vm_hwm(process.pid)
    finally:
        process.stdin.close()
        process.wait(timeout=120)
    sent = len(sent_log.read_text(encoding="utf-8").splitlines()) if sent_log.exists() else 0
    return peak, sent


def _vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc status")
