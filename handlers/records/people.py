"""Roster look-ups the record handlers need: households, their members, the chain above them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.enums import Role
from storage.models import Group, Household, Person


def household_of(session: Session, person: Person) -> Household | None:
    """The household a resident speaks for."""
    query = select(Household).where(Household.representative_id == person.id, Household.active)
    return session.exec(query).first()


def household_named_in(session: Session, org_id: int, text: str, member: Person | None = None) -> Household | None:
    """The household whose head is named in `text` ("今天走访了王秀英家"), the longest name winning.

    A member's own households are preferred over namesakes elsewhere in the village.
    """
    # names as tuples: a county village has a thousand households and each message asks
    heads = select(Household.id, Household.head_name, Household.member_id)
    households = session.exec(heads.where(Household.org_id == org_id, Household.active))
    named = [(home_id, head, member_id) for home_id, head, member_id in households if head and head in text]
    if member is not None and any(member_id == member.id for _, _, member_id in named):
        named = [h for h in named if h[2] == member.id]
    chosen = max(named, key=lambda h: len(h[1]), default=None)
    return session.get(Household, chosen[0]) if chosen else None


def household_visited(session: Session, visitor: Person, text: str) -> Household | None:
    """The household in the visitor's care that `text` names, by 户主, its representative, or a given name.

    A member's care is their own households, a hub's also those of the members they link, a secretary's all.
    """
    query = select(Household).where(Household.org_id == visitor.org_id, Household.active)
    if visitor.role == Role.MEMBER:
        query = query.where(Household.member_id == visitor.id)
    elif visitor.role == Role.HUB:
        linked = select(Person.id).where((Person.hub_id == visitor.id) | (Person.id == visitor.id))
        query = query.where(col(Household.member_id).in_(linked))
    households = list(session.exec(query))
    speakers = select(Person).where(col(Person.id).in_([h.representative_id for h in households]))
    representatives = {person.id: person.name for person in session.exec(speakers)}
    given = [h.head_name[1:] for h in households if len(h.head_name) >= 3]
    names: list[tuple[str, Household]] = []
    for household in households:
        names += [(household.head_name, household), (representatives.get(household.representative_id, ""), household)]
        if given.count(household.head_name[1:]) == 1 and len(household.head_name) >= 3:
            names.append((household.head_name[1:], household))
    named = [(name, household) for name, household in names if name and name in text]
    return max(named, key=lambda pair: len(pair[0]))[1] if named else None


def household_by_name(session: Session, org_id: int, name: str) -> Household | None:
    query = select(Household).where(Household.org_id == org_id, Household.head_name == name, Household.active)
    return session.exec(query).first()


def person_by_name(session: Session, org_id: int, name: str, staff_only: bool = False) -> Person | None:
    """A roster person by 姓名 or 微信昵称, preferring staff when a resident shares the name."""
    query = select(Person).where(
        Person.org_id == org_id, Person.active, (Person.name == name) | (Person.wechat_name == name)
    )
    people = list(session.exec(query))
    if staff_only:
        people = [p for p in people if p.role != Role.RESIDENT]
    return min(people, key=lambda p: p.role == Role.RESIDENT, default=None)


def secretaries(session: Session, org_id: int | None = None) -> list[Person]:
    """The active secretaries of one organisation, or of every organisation the bot serves."""
    query = select(Person).where(Person.role == Role.SECRETARY, Person.active)
    if org_id is not None:
        query = query.where(Person.org_id == org_id)
    return list(session.exec(query.order_by(col(Person.id))))


def chain_above(session: Session, member: Person | None, org_id: int) -> list[Person]:
    """The member, their hub and the secretaries: who an emergency alert mentions."""
    chain = [member] if member else []
    if member is not None and member.hub_id is not None:
        hub = session.get(Person, member.hub_id)
        if hub is not None and hub.active:
            chain.append(hub)
    chain += [s for s in secretaries(session, org_id) if s not in chain]
    return chain


def tier1_group(session: Session, org_id: int) -> Group | None:
    query = select(Group).where(Group.org_id == org_id, Group.tier == 1, Group.active)
    return session.exec(query.order_by(col(Group.id))).first()


def household_concerned(session: Session, actor: Person, text: str) -> Household | None:
    """The household a matter concerns: one named in the text, else a resident's own."""
    member = actor if actor.role in (Role.MEMBER, Role.HUB) else None
    named = household_named_in(session, actor.org_id, text, member)
    if named is not None or actor.role != Role.RESIDENT:
        return named
    return household_of(session, actor)


def responsible_for(
    session: Session, household: Household | None, group: Group | None, actor: Person | None
) -> Person | None:
    """Who follows a matter up: the household's liaising member, else the tier-2 group's member."""
    if household is not None:
        return session.get(Person, household.member_id)
    if group is not None and group.tier == 2 and group.member_id is not None:
        return session.get(Person, group.member_id)
    return actor if actor is not None and actor.role != Role.RESIDENT else None
