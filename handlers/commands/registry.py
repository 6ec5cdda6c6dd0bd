"""The command registry: each command declares its names and permission in one place.

A command's usage and summary are wording (`[command.<key>]` of `handlers/templates.toml`),
under its one ASCII alias (`/受理` is `accept`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from handlers.context import Context
from handlers.permissions import Permission

Run = Callable[[Context, str], None]
# The name ends at a space, a record number or a mention: "/查27" and "/查 #27" are the same.
COMMAND = re.compile(r"^[/／]\s*([^\s#＃@＠0-9０-９]+)\s*(.*)$", re.DOTALL)


class UsageError(Exception):
    """The arguments do not fit; the caller is shown the command's usage."""


class CommandError(Exception):
    """A clear Chinese answer for the caller, e.g. a record that does not exist."""


@dataclass(frozen=True)
class SubAction:
    """A form of a command that needs more than the command itself, e.g. `/主题党日 设置` (书记 only);
    `key` names its wording, `command.<key>.usage` and `.summary`."""

    key: str
    permission: Permission


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    permission: Permission
    run: Run
    subactions: tuple[SubAction, ...] = ()

    @property
    def key(self) -> str:
        """The command's ASCII alias, which names its wording."""
        return next(word for word in self.aliases if word.isascii())

    def usages(self, ctx: Context) -> list[tuple[str, str]]:
        """(usage, summary) of the command and of each sub-action the caller may use."""
        keys = [self.key, *(sub.key for sub in self.subactions if sub.permission(ctx))]
        return [(ctx.say(f"command.{key}.usage"), ctx.say(f"command.{key}.summary")) for key in keys]


class Registry:
    def __init__(self) -> None:
        self._commands: list[Command] = []
        self._by_word: dict[str, Command] = {}

    def command(
        self,
        name: str,
        *aliases: str,
        permission: Permission,
        subactions: tuple[SubAction, ...] = (),
    ) -> Callable[[Run], Run]:
        def register(run: Run) -> Run:
            if not any(word.isascii() for word in aliases):
                raise ValueError(f"command {name!r} needs an ASCII alias to name its wording")
            command = Command(name, aliases, permission, run, subactions)
            for word in (name, *aliases):
                if word.lower() in self._by_word:
                    raise ValueError(f"command word {word!r} registered twice")
                self._by_word[word.lower()] = command
            self._commands.append(command)
            return run

        return register

    def find(self, word: str) -> Command | None:
        return self._by_word.get(word.lower())

    def all(self) -> list[Command]:
        return list(self._commands)

    def visible_to(self, ctx: Context) -> list[Command]:
        return [command for command in self._commands if command.permission(ctx)]


def split_command(text: str) -> tuple[str, str] | None:
    """`/受理 #27` → ("受理", "#27"); None when the text is not a command."""
    match = COMMAND.match(text.strip())
    if match is None:
        return None
    return match.group(1), match.group(2).strip()


COMMANDS = Registry()
