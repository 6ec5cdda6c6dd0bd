"""Importing this package registers every command on `COMMANDS`."""

from handlers.commands import (  # noqa: F401
    admin,
    console,
    filing,
    help,
    identity,
    points,
    reclassify,
    records_flow,
    records_view,
    stats,
    theme_day,
    township,  # noqa: F401
)
from handlers.commands.registry import COMMANDS, split_command

__all__ = ["COMMANDS", "split_command"]
