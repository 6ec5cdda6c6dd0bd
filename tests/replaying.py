"""Running replay scripts from tests: the same harness as `lianhu replay`, output parsed."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.replay import run_script

REPLAYS = Path(__file__).parent / "replays"
DEMO = "../../bot/demo/roster"


async def replay_file(script: Path, db_url: str, **settings: object) -> list[dict]:
    out = io.StringIO()
    await run_script(script, Settings(database_url=db_url, **settings), out)  # type: ignore[arg-type]
    return [json.loads(line) for line in out.getvalue().splitlines()]


async def replay_steps(
    steps: Sequence[dict[str, Any] | str], db_url: str, tmp_path: Path, name: str = "script.jsonl", **settings: object
) -> list[dict]:
    """Write `steps` as a script beside the demo roster's relative path and replay it."""
    folder = tmp_path / "tests" / "replays"
    folder.mkdir(parents=True, exist_ok=True)
    roster = Path(__file__).parent.parent / "bot" / "demo" / "roster"
    script = folder / name
    lines = [json.dumps({"roster": str(roster)} if step == "DEMO" else step, ensure_ascii=False) for step in steps]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return await replay_file(script, db_url, **settings)


def texts(sent: list[dict], *, room: str | None = None, to: str | None = None) -> list[str]:
    return [m["text"] for m in sent if (room is None or m["room"] == room) and (to is None or m["to"] == to)]
