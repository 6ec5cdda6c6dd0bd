"""Writing a validated roster into the database, matched to what an earlier import left there.

Matching keys: organisation by name; persons by (org, name, role); households by (org, 户主);
groups by (org, 群名). Nothing is deleted, and `Person.wechat_id`, `Group.room_id` and the
records are never touched, so whatever the ledger links to survives a re-import.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any

from sqlmodel import Session, col, select

from storage.enums import Role
from storage.models import Group, Household, Organisation, Person, Township
from storage.roster.advice import roster_warnings
from storage.roster.data import OrgEntry, RosterData
from storage.roster.report import Counts, ImportReport
from storage.roster.sync import assign, sync

PersonKey = tuple[str, Role]
_LEADS = (Role.SECRETARY, Role.HUB)


def apply_roster(session: Session, data: RosterData) -> ImportReport:
    """Upsert `data` in `session` and flush, without committing: the caller commits or rolls back."""
    report = ImportReport(data.org.name, warnings=roster_warnings(data))
    org_id = _organisation(session, data.org, report.counts["organisation"])
    people = _PeopleSync(session, org_id)
    leads = people.sync(_LEADS, _party_values(data, _LEADS, {}), report.counts["party"])
    hub_ids = {name: person.id for (name, role), person in leads.items() if role is Role.HUB}
    members = people.sync((Role.MEMBER,), _party_values(data, (Role.MEMBER,), hub_ids), report.counts["party"])
    residents = people.sync((Role.RESIDENT,), _resident_values(data), report.counts["resident"])
    party_ids = {name: person.id for (name, _), person in (leads | members).items()}
    resident_ids = {name: person.id for (name, _), person in residents.items()}
    sync(
        session,
        _existing(session, Household, org_id, "head_name"),
        _household_values(data, party_ids, resident_ids),
        partial(Household, org_id=org_id),
        report.counts["household"],
    )
    sync(
        session,
        _existing(session, Group, org_id, "name"),
        _group_values(data, party_ids),
        partial(Group, org_id=org_id),
        report.counts["group"],
    )
    return report


def _organisation(session: Session, entry: OrgEntry, counts: Counts) -> int:
    township = session.exec(select(Township).where(Township.name == entry.township)).first()
    if township is None:
        township = Township(name=entry.township)
        session.add(township)
        session.flush()
    assert township.id is not None
    org = session.exec(select(Organisation).where(Organisation.name == entry.name)).first()
    if org is None:
        org = Organisation(name=entry.name, township_id=township.id)
        session.add(org)
        session.flush()
        counts.created += 1
    elif assign(org, {"township_id": township.id}):
        counts.updated += 1
    else:
        counts.unchanged += 1
    assert org.id is not None
    return org.id


class _PeopleSync:
    """Persons of one organisation, synced one group of roles at a time (hubs before members)."""

    def __init__(self, session: Session, org_id: int) -> None:
        self.session = session
        self.org_id = org_id
        persons = session.exec(select(Person).where(Person.org_id == org_id)).all()
        self.existing: dict[PersonKey, Person] = {(p.name, Role(p.role)): p for p in persons}

    def sync(
        self, roles: Collection[Role], wanted: dict[PersonKey, dict[str, Any]], counts: Counts
    ) -> dict[PersonKey, Person]:
        existing = {key: person for key, person in self.existing.items() if key[1] in roles}
        return sync(self.session, existing, wanted, partial(Person, org_id=self.org_id), counts)


def _existing(session: Session, model: type[Household] | type[Group], org_id: int, key: str) -> dict[str, Any]:
    rows = session.exec(select(model).where(col(model.org_id) == org_id)).all()
    return {getattr(row, key): row for row in rows}


def _party_values(
    data: RosterData, roles: Collection[Role], hub_ids: dict[str, int | None]
) -> dict[PersonKey, dict[str, Any]]:
    return {
        (p.name, p.role): {
            "name": p.name,
            "role": p.role.value,
            "hub_id": hub_ids.get(p.hub) if p.hub else None,
            "wechat_name": p.wechat_name,
            "phone": p.phone,
            "birth_year": p.birth_year,
            "exempt": p.exempt,
            "extra": p.extra,
        }
        for p in data.party
        if p.role in roles
    }


def _resident_values(data: RosterData) -> dict[PersonKey, dict[str, Any]]:
    return {
        (r.name, Role.RESIDENT): {
            "name": r.name,
            "role": Role.RESIDENT.value,
            "wechat_name": r.wechat_name,
            "phone": r.phone,
        }
        for r in data.residents
    }


def _household_values(
    data: RosterData, party_ids: dict[str, int | None], resident_ids: dict[str, int | None]
) -> dict[str, dict[str, Any]]:
    return {
        h.head_name: {
            "head_name": h.head_name,
            "member_id": party_ids[h.member],
            "representative_id": resident_ids[h.representative],
            "address": h.address,
            "phone": h.phone,
            "focus_tags": list(h.focus_tags),
            "extra": h.extra,
        }
        for h in data.households
    }


def _group_values(data: RosterData, party_ids: dict[str, int | None]) -> dict[str, dict[str, Any]]:
    return {
        g.name: {"name": g.name, "tier": g.tier, "member_id": party_ids[g.member] if g.member else None}
        for g in data.groups
    }
