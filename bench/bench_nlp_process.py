"""`python -m nlp classify` as a process against a bare-jieba process, on the same JSON Lines.

    python -m bench.bench_nlp_process [--messages N] [--rounds R] [--min-ratio X] [--max-startup S]

How a user runs the classifier: a process reading JSON Lines on stdin and writing one answer
per line. The baseline (`bench/jieba_lines.py`) reads the same lines and writes each message's
`jieba.lcut` as JSON. Each process is run on an empty input (its start-up: interpreter,
imports, rules) and on all the messages; the rate is the messages over the difference, so
start-up is subtracted and what remains is the cost per message, dictionary load included
(both load theirs on the first line). Every time is the best of the rounds, the candidates
interleaved in each round as in `bench.bench_nlp`. Child CPU time is printed too: on a shared
machine it moves less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bench_nlp import ROOT, messages

ROLES = (None, "household", "member", "hub", None, "household")
COMMANDS = {
    "nlp": [sys.executable, "-m", "nlp", "classify"],
    "jieba": [sys.executable, str(ROOT / "bench" / "jieba_lines.py")],
}


@dataclass
class Best:
    """The best wall and CPU seconds of a run, over the rounds."""

    wall: float = float("inf")
    cpu: float = float("inf")

    def add(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = min(self.wall, wall), min(self.cpu, cpu)


def write_input(path: Path, count: int) -> None:
    """`count` messages of `bench.bench_nlp` as classify requests, roles cycled."""
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(messages(count)):
            out.write(json.dumps({"text": text, "sender_role": ROLES[i % len(ROLES)]}, ensure_ascii=False) + "\n")


def run(command: list[str], source: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system) of `command` reading `source`, and the lines it
    wrote; its output is read through a pipe, as the program that asked would read it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    lines = 0
    with (
        source.open("rb") as stdin,
        subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, cwd=ROOT, env=env) as child,
    ):
        assert child.stdout is not None
        while chunk := os.read(child.stdout.fileno(), 1 << 16):
            lines += chunk.count(b"\n")
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-ratio", type=float, default=None, help="exit 1 below this ratio")
    parser.add_argument("--max-startup", type=float, default=None, help="exit 1 above this nlp start-up (s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-nlp-process-") as folder:
        work = Path(folder)
        empty, full = work / "empty.jsonl", work / "messages.jsonl"
        empty.write_bytes(b"")
        write_input(full, args.messages)
        startup = {name: Best() for name in COMMANDS}
        whole = {name: Best() for name in COMMANDS}
        for _ in range(args.rounds):
            for name, command in COMMANDS.items():
                wall, cpu, _ = run(command, empty)
                startup[name].add(wall, cpu)
                wall, cpu, answers = run(command, full)
                whole[name].add(wall, cpu)
                if answers != args.messages:
                    print(f"{name} wrote {answers} lines for {args.messages} messages")
                    return 1
    rate = {name: args.messages / (whole[name].wall - startup[name].wall) for name in COMMANDS}
    cpu_rate = {name: args.messages / (whole[name].cpu - startup[name].cpu) for name in COMMANDS}
    ratio = rate["nlp"] / rate["jieba"]
    print(f"messages:                 {args.messages:,} as JSON Lines, best of {args.rounds} interleaved rounds")
    print(f"start-up jieba process:   {startup['jieba'].wall:.2f} s ({startup['jieba'].cpu:.2f} s CPU; empty input)")
    print(f"start-up nlp classify:    {startup['nlp'].wall:.2f} s ({startup['nlp'].cpu:.2f} s CPU; target <= 1 s)")
    print(f"jieba process:            {rate['jieba']:,.0f} messages/s ({cpu_rate['jieba']:,.0f} per CPU second)")
    print(f"nlp classify process:     {rate['nlp']:,.0f} messages/s ({cpu_rate['nlp']:,.0f} per CPU second)")
    cpu_ratio = cpu_rate["nlp"] / cpu_rate["jieba"]
    print(f"ratio as processes:       {ratio:.2f} (target >= 0.70; by CPU time {cpu_ratio:.2f})")
    failed = False
    if args.min_ratio is not None and ratio < args.min_ratio:
        print(f"ratio {ratio:.2f} is below {args.min_ratio}")
        failed = True
    if args.max_startup is not None and startup["nlp"].wall > args.max_startup:
        print(f"start-up {startup['nlp'].wall:.2f} s is above {args.max_startup} s")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
