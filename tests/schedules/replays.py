"""Running a replay script in-process and reading back what the bot sent."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.config import Settings
from bot.replay import run_script

SCRIPTS = Path(__file__).parents[1] / "replays"
# Before someone speaks, the bot knows a person only by their WeChat name.
NICKNAMES = {"春梅": "赵春梅", "永刚": "吴永刚", "桂芳姐": "陈桂芳"}


@dataclass(frozen=True)
class Line:
    at: datetime
    room: str | None
    to: str | None
    text: str
    mentions: list[str]


async def replay(script: str, database: Path | str, **settings: object) -> list[Line]:
    """Run `script` on `database` (a SQLite file, or a database URL) and parse what was sent."""
    out = io.StringIO()
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    config = Settings(database_url=url, instance_id="replay", **settings)  # type: ignore[arg-type]
    await run_script(SCRIPTS / script, config, out)
    lines = []
    for raw in out.getvalue().splitlines():
        data = json.loads(raw)
        to = NICKNAMES.get(data["to"], data["to"])
        mentions = [NICKNAMES.get(m, m) for m in data["mentions"]]
        lines.append(Line(datetime.fromisoformat(data["at"]), data["room"], to, data["text"], mentions))
    return lines


def having(lines: list[Line], fragment: str) -> list[Line]:
    return [line for line in lines if fragment in line.text]
