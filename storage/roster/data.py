"""A validated roster: plain frozen values, ready to be written to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.enums import Role


@dataclass(frozen=True)
class OrgEntry:
    name: str
    township: str


@dataclass(frozen=True)
class PartyEntry:
    """A secretary, hub or member from the 党员 sheet."""

    name: str
    role: Role
    hub: str | None
    wechat_name: str
    phone: str | None
    birth_year: int | None
    exempt: bool
    extra: dict[str, Any] = field(default_factory=dict)
    row: int = 0
    """Its row in the sheet, for problems found only against the database."""


@dataclass(frozen=True)
class ResidentEntry:
    """A household representative; one entry even when they speak for several households."""

    name: str
    wechat_name: str
    phone: str | None
    row: int = 0
    """The row of the first household they speak for."""


@dataclass(frozen=True)
class HouseholdEntry:
    head_name: str
    member: str
    representative: str
    address: str | None
    phone: str | None
    focus_tags: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)
    row: int = 0


@dataclass(frozen=True)
class GroupEntry:
    name: str
    tier: int
    member: str | None


@dataclass(frozen=True)
class RosterData:
    org: OrgEntry
    party: tuple[PartyEntry, ...]
    residents: tuple[ResidentEntry, ...]
    households: tuple[HouseholdEntry, ...]
    groups: tuple[GroupEntry, ...]
