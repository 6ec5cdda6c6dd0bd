"""Reading rules files (TOML) into a validated `RuleSet`.

A rules path is one `.toml` file or a directory of them. In a directory the files are read in
name order; their `[[groups]]` add up, while `settings`, `roles` and `reasons` may each be
written in one file only, so no value silently overrides another. The learnt models (`nlp.learnt`,
written by `python -m nlp mine`) are machine-written, so they live in a file of their own outside
the hand-edited rules folder (`DEFAULT_LEARNT`), read when `learnt` names it.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any, cast

from nlp import validate
from nlp.cache import parsed
from nlp.errors import RulesError
from nlp.learnt import Learnt
from nlp.ruleset import Group, RuleSet, Settings
from nlp.vocab import Reason, Urgency

DEFAULT_RULES = Path(__file__).parent / "data" / "rules"
DEFAULT_LEARNT = Path(__file__).parent / "data" / "learnt.toml"
_SECTIONS = frozenset({"settings", "roles", "reasons", "groups"})


def read_tables(path: Path, skip: Collection[str] = (), cache: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """(source name, parsed table) for each rules file at `path`, but those named in `skip`;
    with `cache`, a file parsed before with the same bytes is read from `nlp.cache`."""
    if path.is_dir():
        files = sorted(f for f in path.glob("*.toml") if f.name not in skip)
        if not files:
            raise RulesError(str(path), "directory", "contains no .toml rules file")
    elif path.is_file():
        files = [path]
    else:
        raise RulesError(str(path), "path", "does not exist")
    tables = []
    for file in files:
        source = str(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise RulesError(source, "file", f"cannot be read: {exc}") from exc
        parse = functools.partial(_parse, source)
        tables.append((source, parsed(source, data, parse) if cache else parse(data)))
    return tables


def _parse(source: str, data: bytes) -> dict[str, Any]:
    try:
        # As text mode reads it (universal newlines), which is how the files were always read.
        return tomllib.loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except UnicodeDecodeError as exc:
        raise RulesError(source, "file", f"cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(source, "TOML syntax", str(exc)) from exc


def load_ruleset(
    path: Path | str = DEFAULT_RULES,
    skip: Collection[str] = (),
    learnt: Path | str | None = None,
    cache: bool = True,
) -> RuleSet:
    """Read and validate the rules at `path` (but the files named in `skip`) and the learnt
    models of the file `learnt`, if given; raises `RulesError` on the first mistake.
    `cache=False` parses every file afresh."""
    groups: list[Group] = []
    sections: dict[str, tuple[str, Any]] = {}
    tables = read_tables(Path(path), skip, cache)
    for source, table in tables:
        validate.check_keys(source, "top level", table, _SECTIONS)
        for section, value in table.items():
            if section == "groups":
                if not isinstance(value, list):
                    raise RulesError(source, "groups", "must be an array of tables ([[groups]])")
                groups.extend(validate.group(source, i, g) for i, g in enumerate(value))
            elif section in sections:
                raise RulesError(source, section, f"is already defined in {sections[section][0]}")
            else:
                sections[section] = (source, value)
    if not groups:
        raise RulesError(str(path), "groups", "no [[groups]] of words are defined")
    _check_unique_names(groups)
    settings = validate.settings(*sections["settings"]) if "settings" in sections else Settings()
    roles = validate.roles(*sections["roles"]) if "roles" in sections else {}
    reasons = validate.reasons(*sections["reasons"]) if "reasons" in sections else {}
    return RuleSet(
        groups=tuple(groups),
        settings=settings,
        roles=roles,
        reason_category=reasons.get("category", {}),
        reason_default_category=reasons.get("default_category", {}),
        # `validate.reasons` checked each of these values against `URGENCIES`.
        reason_urgency=cast("dict[Reason, Urgency]", reasons.get("urgency", {})),
        sources=tuple(source for source, _ in tables),
        learnt=validate_learnt_file(Path(learnt), cache) if learnt is not None else None,
    )


def _check_unique_names(groups: list[Group]) -> None:
    seen: dict[str, str] = {}
    for group in groups:
        if group.name in seen:
            raise RulesError(group.source, f'group "{group.name}"', f"name is also used in {seen[group.name]}")
        seen[group.name] = group.source


def validate_learnt_file(path: Path, cache: bool = True) -> Learnt:
    """The models of the file at `path`, which must hold just a valid `[learnt]` section, as
    `python -m nlp mine` writes it; raises `RulesError` otherwise."""
    if not Path(path).is_file():
        raise RulesError(str(path), "path", "is not a file")
    ((source, table),) = read_tables(Path(path), cache=cache)
    validate.check_keys(source, "top level", table, frozenset({"learnt"}))
    return validate.learnt(source, table.get("learnt", {}))
