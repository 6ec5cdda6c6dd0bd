"""A local file that keeps incoming messages while the database is unreachable."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from base.messages import Incoming, Media

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, path: Path) -> None:
        self._path = path

    def append(self, incoming: Incoming) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        record = asdict(incoming) | {"at": incoming.at.isoformat(), "media": None}
        if incoming.media is not None:
            media = incoming.media
            data = base64.b64encode(media.data).decode("ascii")
            record["media"] = asdict(media) | {"data": data}
        with self._path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def drain(self) -> Iterator[Incoming]:
        """Yield spooled messages once; the file is renamed first, so a crash mid-drain keeps them.

        A second process sharing the folder may drain at the same time: whichever loses a race for
        the file finds it gone and stops (what both read is deduplicated by the inbox)."""
        taken = self._path.with_suffix(".draining")
        try:
            if not taken.exists():
                self._path.rename(taken)
            lines = taken.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                data = json.loads(line)
                data["at"] = datetime.fromisoformat(data["at"])
                data["mentions"] = tuple(data["mentions"])
                if data.get("media"):
                    data["media"] = Media(**data["media"] | {"data": base64.b64decode(data["media"]["data"])})
                yield Incoming(**data)
            except (ValueError, TypeError, KeyError) as error:
                log.error("unreadable spool line dropped: %s (%s)", line[:200], error)
        taken.unlink(missing_ok=True)
