"""The labelled corpus: JSON Lines of messages with the answer a person gave them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from nlp.vocab import CATEGORIES, KINDS, REASONS, ROLES, Kind, Reason, Role


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    sender_role: Role | None
    kind: Kind
    must_visit: Reason | None
    category: str | None


class CorpusError(ValueError):
    """A corpus line is malformed; the message names the file and line."""


def read_corpus(path: Path | str) -> list[Example]:
    examples = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                examples.append(_example(json.loads(line), f"{path}:{number}"))
    return examples


def _example(row: dict, where: str) -> Example:
    def field(name: str, allowed: tuple[str, ...] | None, required: bool = False) -> str | None:
        value = row.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (allowed is not None and value not in allowed):
            raise CorpusError(f"{where}: {name}={value!r} is not valid")
        return value

    # `field` has checked each value against its names (and that a required one is present).
    return Example(
        id=str(row.get("id", where)),
        text=cast(str, field("text", None, required=True)),
        sender_role=cast("Role | None", field("sender_role", ROLES)),
        kind=cast(Kind, field("kind", KINDS, required=True)),
        must_visit=cast("Reason | None", field("must_visit", REASONS)),
        category=field("category", CATEGORIES),
    )
