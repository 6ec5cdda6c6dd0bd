"""Composable permission checks, declared with each command (NoneBot style).

`SECRETARY | HUB` allows either role; `STAFF & IN_GROUP` needs both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.context import Context
from storage.enums import Role


@dataclass(frozen=True)
class Permission:
    check: Callable[[Context], bool]

    def __call__(self, ctx: Context) -> bool:
        return self.check(ctx)

    def __or__(self, other: Permission) -> Permission:
        return Permission(lambda ctx: self(ctx) or other(ctx))

    def __and__(self, other: Permission) -> Permission:
        return Permission(lambda ctx: self(ctx) and other(ctx))


def has_role(role: Role) -> Permission:
    return Permission(lambda ctx: ctx.actor is not None and ctx.actor.role == role)


SECRETARY = has_role(Role.SECRETARY)
HUB = has_role(Role.HUB)
MEMBER = has_role(Role.MEMBER)
RESIDENT = has_role(Role.RESIDENT)
TOWNSHIP = has_role(Role.TOWNSHIP)
STAFF = SECRETARY | HUB | MEMBER
KNOWN = Permission(lambda ctx: ctx.actor is not None)
ANYONE = Permission(lambda ctx: True)
IN_GROUP = Permission(lambda ctx: ctx.message.room_id is not None)
PRIVATE = Permission(lambda ctx: ctx.message.room_id is None)
