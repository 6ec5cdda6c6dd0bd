"""Writing a validated roster into the database, matched to what an earlier import left there.

Organisation by name; persons and households by `match` (phone, then name); groups by (org, 群名).
The 乡镇 column names the township's own organisation row, the village's parent; township cadres
(乡镇干部) belong to it, not to the village, and several villages' rosters may list the same cadre,
so a village roster adds and updates cadres but never deactivates one.
A matched row is updated in place (a promotion changes the role, not the person), so
`Person.wechat_id`, `Group.room_id` and whatever the ledger links to survive a re-import. Nothing
is deleted; the groups a secretary bound with /绑定 are kept even when the roster omits them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import partial
from typing import Any

from sqlmodel import Session, col, select

from storage.enums import GroupOrigin, OrgKind, Role
from storage.models import Group, Household, Organisation, Person, Township
from storage.roster.advice import roster_warnings
from storage.roster.data import OrgEntry, RosterData
from storage.roster.match import Identity, Matching, match
from storage.roster.problems import RosterError, RosterProblem
from storage.roster.report import ImportReport
from storage.roster.schema import HOUSEHOLDS, ORG, PARTY
from storage.roster.sync import Row, deactivate, load_rows, sync
from storage.roster.wording import say

_LEADS = (Role.SECRETARY, Role.HUB)
_PARTY_ROLES = frozenset((Role.SECRETARY, Role.HUB, Role.MEMBER))


def apply_roster(session: Session, data: RosterData) -> ImportReport:
    """Upsert `data` in `session` and flush, without committing: the caller commits or rolls back.

    Raises `RosterError` before touching a person or household when an entry cannot be told apart
    from the rows already there.
    """
    report = ImportReport(data.org.name, warnings=roster_warnings(data))
    org_id, township_org_id = _organisation(session, data.org, report)
    persons = load_rows(session, Person, col(Person.org_id) == org_id)
    homes = load_rows(session, Household, col(Household.org_id) == org_id)
    party_rows = {i: p for i, p in persons.items() if p["role"] in _PARTY_ROLES}
    resident_rows = {i: p for i, p in persons.items() if p["role"] == Role.RESIDENT}
    party = match({i: _person(p) for i, p in party_rows.items()}, _party_identities(data))
    residents = match({i: _person(p) for i, p in resident_rows.items()}, _resident_identities(data))
    households = match(
        {i: _household(h, persons) for i, h in homes.items()},
        {h.head_name: Identity(h.head_name, h.phone, h.member) for h in data.households},
    )
    _raise_ambiguities(data, party, residents, households)

    names = {i: p["name"] for i, p in persons.items()}
    in_org = {"org_id": org_id}
    person_sync = partial(sync, session, Person, report=report, fixed=in_org, names=names, name_of=_name)
    leads = person_sync("party", _matched(party, party_rows), _party_values(data, _LEADS, {}))
    names |= {i: name for name, i in leads.items()}
    hubs = {p.name for p in data.party if p.role is Role.HUB}
    hub_ids: dict[str, int | None] = {name: i for name, i in leads.items() if name in hubs}
    members = person_sync("party", _matched(party, party_rows), _party_values(data, (Role.MEMBER,), hub_ids))
    deactivate(session, Person, _unmatched(party, party_rows), "party", report, _name)
    representatives = person_sync("resident", _matched(residents, resident_rows), _resident_values(data))
    deactivate(session, Person, _unmatched(residents, resident_rows), "resident", report, _name)

    party_ids: dict[str, int | None] = {**leads, **members}
    names |= {i: name for name, i in (leads | members | representatives).items()}
    sync(
        session,
        Household,
        "household",
        _matched(households, homes),
        _household_values(data, party_ids, dict(representatives)),
        report=report,
        fixed=in_org,
        names=names,
        name_of=_head,
    )
    deactivate(session, Household, _unmatched(households, homes), "household", report, _head)
    _groups(session, org_id, data, party_ids, names, report)
    _township_cadres(session, township_org_id, data, report)
    session.flush()
    return report


def _name(row: Mapping[str, Any]) -> str:
    return str(row["name"])


def _head(row: Mapping[str, Any]) -> str:
    return str(row["head_name"])


def _organisation(session: Session, entry: OrgEntry, report: ImportReport) -> tuple[int, int]:
    """The village's id and its township organisation's id, both created when new."""
    township = session.exec(select(Township).where(Township.name == entry.township)).first()
    if township is None:
        township = Township(name=entry.township)
        session.add(township)
        session.flush()
    assert township.id is not None
    org = session.exec(select(Organisation).where(Organisation.name == entry.name)).first()
    if org is not None and org.kind == OrgKind.TOWNSHIP:
        raise RosterError(
            [RosterProblem(ORG, 2, "名称", say("roster.apply.name_is_a_township", name=entry.name), entry.name)]
        )
    if org is None:
        org = Organisation(name=entry.name, township_id=township.id)
        session.add(org)
        session.flush()
        report.counts["organisation"].created += 1
    elif org.township_id != township.id:
        org.township_id = township.id
        report.counts["organisation"].updated += 1
    else:
        report.counts["organisation"].unchanged += 1
    parent = _township_organisation(session, entry, township.id)
    org.parent_id = parent.id  # also a ledger from before the township tier gets it here: not a change to report
    assert org.id is not None and parent.id is not None
    return org.id, parent.id


def _township_organisation(session: Session, entry: OrgEntry, township_id: int) -> Organisation:
    parent = session.exec(select(Organisation).where(Organisation.name == entry.township)).first()
    if parent is None:
        parent = Organisation(name=entry.township, township_id=township_id, kind=OrgKind.TOWNSHIP.value)
        session.add(parent)
        session.flush()
    elif parent.kind != OrgKind.TOWNSHIP:
        raise RosterError(
            [
                RosterProblem(
                    ORG, 2, "乡镇", say("roster.apply.township_is_an_organisation", township=entry.township), entry.name
                )
            ]
        )
    return parent


def _township_cadres(session: Session, township_org_id: int, data: RosterData, report: ImportReport) -> None:
    """Add or update the roster's 乡镇干部 in the township organisation (matched by phone, then name)."""
    cadres = [p for p in data.party if p.role is Role.TOWNSHIP]
    if not cadres:
        return
    rows = load_rows(session, Person, col(Person.org_id) == township_org_id, col(Person.role) == Role.TOWNSHIP)
    found = match({i: _person(p) for i, p in rows.items()}, {p.name: Identity(p.name, p.phone, p.role) for p in cadres})
    if found.ambiguities:
        by_name = {p.name: p.row for p in cadres}
        raise RosterError([RosterProblem(PARTY, by_name[a.key], a.column, a.message, a.key) for a in found.ambiguities])
    sync(
        session,
        Person,
        "party",
        _matched(found, rows),
        _party_values(data, (Role.TOWNSHIP,), {}),
        report=report,
        fixed={"org_id": township_org_id},
        names={i: p["name"] for i, p in rows.items()},
        name_of=_name,
    )


def _groups(
    session: Session,
    org_id: int,
    data: RosterData,
    party_ids: dict[str, int | None],
    names: Mapping[int, str],
    report: ImportReport,
) -> None:
    rows = {g["name"]: g for g in load_rows(session, Group, col(Group.org_id) == org_id).values()}
    wanted = _group_values(data, party_ids)
    matched = {name: row for name, row in rows.items() if name in wanted}
    sync(session, Group, "group", matched, wanted, report=report, fixed={"org_id": org_id}, names=names, name_of=_name)
    absent = [row for name, row in rows.items() if name not in wanted]
    bound = [row for row in absent if row["origin"] == GroupOrigin.COMMAND]
    report.kept_groups += [row["name"] for row in bound if row["active"]]
    deactivate(session, Group, [row for row in absent if row["origin"] != GroupOrigin.COMMAND], "group", report, _name)


def _raise_ambiguities(
    data: RosterData, party: Matching[str], residents: Matching[str], households: Matching[str]
) -> None:
    party_rows = {p.name: p.row for p in data.party}
    resident_rows = {r.name: r.row for r in data.residents}
    household_rows = {h.head_name: h.row for h in data.households}
    resident_column = {"姓名": "代表", "手机": "手机"}
    problems = [RosterProblem(PARTY, party_rows[a.key], a.column, a.message, a.key) for a in party.ambiguities]
    problems += [
        RosterProblem(
            HOUSEHOLDS,
            resident_rows[a.key],
            resident_column[a.column],
            say("roster.apply.representative", message=a.message),
            a.key,
        )
        for a in residents.ambiguities
    ]
    problems += [
        RosterProblem(HOUSEHOLDS, household_rows[a.key], "户主" if a.column == "姓名" else a.column, a.message, a.key)
        for a in households.ambiguities
    ]
    if problems:
        raise RosterError(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0)))


def _person(person: Row) -> Identity:
    return Identity(person["name"], person["phone"], person["role"])


def _household(home: Row, persons: Mapping[int, Row]) -> Identity:
    member = persons.get(home["member_id"])
    return Identity(home["head_name"], home["phone"], member["name"] if member else "")


def _matched(matching: Matching[str], rows: Mapping[int, Row]) -> dict[str, Row]:
    return {key: rows[row_id] for key, row_id in matching.rows.items()}


def _unmatched(matching: Matching[str], rows: Mapping[int, Row]) -> list[Row]:
    taken = set(matching.rows.values())
    return [row for row_id, row in rows.items() if row_id not in taken]


def _party_identities(data: RosterData) -> dict[str, Identity]:
    return {p.name: Identity(p.name, p.phone, p.role.value) for p in data.party if p.role in _PARTY_ROLES}


def _resident_identities(data: RosterData) -> dict[str, Identity]:
    resident = Role.RESIDENT.value
    return {r.name: Identity(r.name, r.phone, resident) for r in data.residents}


def _party_values(
    data: RosterData, roles: Collection[Role], hub_ids: dict[str, int | None]
) -> dict[str, dict[str, Any]]:
    return {
        p.name: {
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


def _resident_values(data: RosterData) -> dict[str, dict[str, Any]]:
    resident = Role.RESIDENT.value
    return {
        r.name: {
            "name": r.name,
            "role": resident,
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
        g.name: {
            "name": g.name,
            "tier": g.tier,
            "member_id": party_ids[g.member] if g.member else None,
            "origin": GroupOrigin.ROSTER.value,
        }
        for g in data.groups
    }
