"""Whose records a person may see and act on.

书记: everything in their organisation; 中心户长: records of the members they link;
党员: their own households' records; resident: only their own household's records;
乡镇干部: everything in every village of their township.
"""

from __future__ import annotations

from sqlmodel import Session, select

from storage.enums import OrgKind, Role
from storage.models import Household, Organisation, Person, Record


def _household(session: Session, record: Record) -> Household | None:
    return session.get(Household, record.household_id) if record.household_id else None


def _responsible(session: Session, record: Record) -> Person | None:
    return session.get(Person, record.responsible_id) if record.responsible_id else None


def covered_org_ids(session: Session, org_id: int) -> list[int]:
    """The organisations whose records belong to `org_id`'s people: a township's villages, else itself."""
    org = session.get(Organisation, org_id)
    if org is None or org.kind != OrgKind.TOWNSHIP:
        return [org_id]
    return list(session.exec(select(Organisation.id).where(Organisation.parent_id == org_id)))  # type: ignore[arg-type]


def sees_all(session: Session, actor: Person, org_ids: list[int]) -> bool:
    """Whether `in_scope` holds for every record of the organisations `org_ids`: a secretary's own
    organisation, a township cadre's villages."""
    if actor.role == Role.SECRETARY:
        return org_ids == [actor.org_id]
    if actor.role == Role.TOWNSHIP:
        orgs = [session.get(Organisation, org_id) for org_id in org_ids]
        return all(org is not None and org.parent_id == actor.org_id for org in orgs)
    return False


def in_scope(session: Session, actor: Person, record: Record) -> bool:
    if actor.role == Role.TOWNSHIP:
        village = session.get(Organisation, record.org_id)
        return village is not None and village.parent_id == actor.org_id
    if actor.org_id != record.org_id:
        return False
    household = _household(session, record)
    match actor.role:
        case Role.SECRETARY:
            return True
        case Role.HUB:
            responsible = _responsible(session, record)
            member = session.get(Person, household.member_id) if household else None
            return actor.id in {
                record.responsible_id,
                responsible.hub_id if responsible else None,
                member.hub_id if member else None,
            }
        case Role.MEMBER:
            return actor.id in {record.responsible_id, household.member_id if household else None}
        case _:
            return actor.id in {record.reporter_id, household.representative_id if household else None}
