"""Who is speaking and in which group: roster people and groups, bound to WeChat ids on first sight."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from storage.models import Group, InboxMessage, Person

log = logging.getLogger(__name__)


def resolve_group(session: Session, message: InboxMessage) -> Group | None:
    if message.room_id is None:
        return None
    bound = session.exec(select(Group).where(Group.room_id == message.room_id, Group.active)).first()
    if bound is not None or not message.room_topic:
        return bound
    named = list(session.exec(select(Group).where(Group.name == message.room_topic, Group.active)))
    if len(named) != 1 or named[0].room_id is not None:
        return None
    named[0].room_id = message.room_id
    log.info("bound room %s to group %s", message.room_id, named[0].name)
    return named[0]


def resolve_person(session: Session, message: InboxMessage, group: Group | None) -> Person | None:
    """The roster person behind the sender, by WeChat id, else by 微信昵称 or 群昵称.

    An ambiguous name binds nobody: they claim their identity with /认领.
    """
    bound = session.exec(select(Person).where(Person.wechat_id == message.sender_id, Person.active)).first()
    if bound is not None:
        return bound
    names = {message.sender_name, message.sender_alias} - {None}
    query = select(Person).where(
        col(Person.wechat_name).in_(names),
        Person.active,
        Person.wechat_id.is_(None),  # type: ignore[union-attr]
    )
    if group is not None:
        query = query.where(Person.org_id == group.org_id)
    named = list(session.exec(query))
    if len(named) != 1:
        return None
    named[0].wechat_id = message.sender_id
    log.info("bound contact %s to %s", message.sender_id, named[0].name)
    return named[0]


def contact_name(session: Session, wechat_id: str) -> str:
    """How a WeChat contact last called itself in a message to the bot, else its id."""
    query = select(InboxMessage.sender_name).where(InboxMessage.sender_id == wechat_id)
    return session.exec(query.order_by(col(InboxMessage.received_at).desc())).first() or wechat_id
