"""Every wording key the code renders is in a wording file, and every key there is rendered.

The wording files are the bot's (`handlers/templates.toml`), the roster import's
(`storage/roster/wording.toml`, its own top-level table `roster`) and the fixed formats
(`handlers/formats.toml`: dates, durations and the export, tables `units` and `export`).

The keys are collected from the sources with `ast`: the first argument of each `say(...)` or
`render(...)` call (a literal, either branch of `a if c else b`, or an f-string, read as a
pattern), and every other string literal shaped like a key (keys kept in variables and
tables, e.g. `key = "record.receipt_visit"`). Keys built from a known set are checked key by key.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from bot.status import TRANSPORT_FACTS
from bot.transports.wechaty_status import EVENTS, STATES, word_key
from handlers.commands import COMMANDS
from handlers.formats import FIXED
from handlers.templates import Templates
from storage.roster.wording import WORDING

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("base", "bot", "handlers", "nlp", "storage", "schedules")
BOT_KEYS = Templates.load().keys()
ROSTER_KEYS = WORDING.keys()
FIXED_KEYS = FIXED.keys()
KEYS = BOT_KEYS | ROSTER_KEYS | FIXED_KEYS
SECTIONS = frozenset(key.split(".")[0] for key in KEYS)
# A string that names a template: a known top-level table, then dotted lower-case names.
KEY_SHAPE = re.compile(r"^(" + "|".join(sorted(SECTIONS)) + r")(\.[a-z0-9_]+)+$")
FILE_NAME = re.compile(r"\.(html|toml|py|csv|jsonl?|txt|xlsx|png)$")


def sources() -> Iterator[tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"))


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str]:
    parts = [re.escape(str(v.value)) if isinstance(v, ast.Constant) else "[a-z0-9_.]+" for v in node.values]
    return re.compile("^" + "".join(parts) + "$")


def _is_key(value: object) -> bool:
    return isinstance(value, str) and bool(KEY_SHAPE.match(value)) and not FILE_NAME.search(value)


def _not_keys(tree: ast.Module) -> set[int]:
    """The literals that are no key: the fixed parts of f-strings, and foreign keys ("record.id")."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found |= {id(value) for value in node.values}
        elif isinstance(node, ast.keyword) and node.arg == "foreign_key":
            found.add(id(node.value))
    return found


def collected() -> tuple[dict[str, str], dict[str, str], list[tuple[str, re.Pattern[str]]]]:
    """(keys rendered as literals, other key-shaped literals, f-string key patterns), each
    with where it is written."""
    rendered: dict[str, str] = {}
    shaped: dict[str, str] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for path, tree in sources():
        skipped = _not_keys(tree)
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and _call_name(node) in {"say", "render"} and node.args:
                first = node.args[0]
                branches = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                for branch in branches:
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        if not FILE_NAME.search(branch.value):
                            rendered[branch.value] = where
                    elif isinstance(branch, ast.JoinedStr):
                        patterns.append((where, _pattern(branch)))
            elif isinstance(node, ast.Constant) and id(node) not in skipped and _is_key(node.value):
                shaped[str(node.value)] = where
    return rendered, shaped, patterns


RENDERED, SHAPED, PATTERNS = collected()


def test_the_roster_wording_has_a_table_of_its_own() -> None:
    assert {key.split(".")[0] for key in ROSTER_KEYS} == {"roster"}
    assert not any(key.startswith("roster.") for key in BOT_KEYS)


def test_the_fixed_formats_have_tables_of_their_own() -> None:
    own = {key.split(".")[0] for key in FIXED_KEYS}
    assert own == {"units", "export"}
    assert not any(key.split(".")[0] in own for key in BOT_KEYS | ROSTER_KEYS)


def test_the_collection_sees_the_code() -> None:
    assert {"common.usage", "record.refused", "status.channel"} <= set(RENDERED)
    assert "record.receipt_visit" in SHAPED
    assert any(p.match("command.accept.usage") for _, p in PATTERNS)


def test_every_rendered_key_is_a_template() -> None:
    missing = {key: where for key, where in (SHAPED | RENDERED).items() if key not in KEYS}
    assert missing == {}


def test_every_rendered_key_pattern_matches_a_template() -> None:
    unmatched = [(where, p.pattern) for where, p in PATTERNS if not any(p.match(key) for key in KEYS)]
    assert unmatched == []


def test_every_template_is_rendered() -> None:
    used = set(RENDERED) | set(SHAPED)
    dead = sorted(key for key in KEYS - used if not any(p.match(key) for _, p in PATTERNS))
    assert dead == []


def test_keys_built_from_known_sets_are_templates() -> None:
    commands = [c.key for c in COMMANDS.all()] + [s.key for c in COMMANDS.all() for s in c.subactions]
    built = {f"command.{key}.{part}" for key in commands for part in ("usage", "summary")}
    built |= {f"status.transport.{fact}" for fact in TRANSPORT_FACTS}
    built |= {f"status.wechaty.state.{word_key(state)}" for state in STATES}
    built |= {f"status.wechaty.event.{word_key(event)}" for event in EVENTS}
    prefixes = ("command.", "status.transport.", "status.wechaty.state.", "status.wechaty.event.")
    assert sorted(built - KEYS) == []
    assert sorted(key for key in KEYS if key.startswith(prefixes) and key not in built) == []
