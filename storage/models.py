"""The ledger's tables. No WeChat, no wording: just what is stored.

Enumerations are stored as short strings (see `storage.enums`) so a new status never
needs a database enum migration.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlalchemy.orm import relationship
from sqlmodel import Field, Relationship, SQLModel

from storage.enums import CLOCK_RUNS_SQL, OPEN_SQL, GroupOrigin, OrgKind
from storage.types import AwareDateTime


def _at(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(AwareDateTime(), nullable=nullable, index=index))


def _json(default: Any) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))


class Township(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class Organisation(SQLModel, table=True):
    """A village or community Party organisation (村(社)党组织), or a township (乡镇) above its villages."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    township_id: int = Field(foreign_key="township.id")
    kind: str = Field(default=OrgKind.VILLAGE.value, sa_column_kwargs={"server_default": OrgKind.VILLAGE.value})
    # a village's township organisation; None for a township
    parent_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    theme_day_rule: str | None = None
    theme_day_time: str | None = None
    theme_day_topic: str | None = None
    settings: dict[str, Any] = _json(dict)


class Person(SQLModel, table=True):
    """Anyone the bot knows: secretary, hub, member, or a household's representative."""

    __table_args__ = (UniqueConstraint("org_id", "name", "role", name="uq_person_org_name_role"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    name: str
    role: str = Field(index=True)
    hub_id: int | None = Field(default=None, foreign_key="person.id")
    wechat_name: str = Field(index=True)
    wechat_id: str | None = Field(default=None, index=True)
    phone: str | None = None
    birth_year: int | None = None
    exempt: bool = False
    active: bool = True
    extra: dict[str, Any] = _json(dict)


class Household(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("org_id", "head_name", name="uq_household_org_head"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    head_name: str
    member_id: int = Field(foreign_key="person.id", index=True)
    representative_id: int = Field(foreign_key="person.id", index=True)
    address: str | None = None
    phone: str | None = None
    focus_tags: list[str] = _json(list)
    active: bool = True
    extra: dict[str, Any] = _json(dict)


class Group(SQLModel, table=True):
    """A WeChat group: tier 1 (all members) or tier 2 (one member and their households)."""

    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_group_org_name"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    name: str
    tier: int
    member_id: int | None = Field(default=None, foreign_key="person.id")
    room_id: str | None = Field(default=None, index=True)
    active: bool = True
    origin: str = Field(default=GroupOrigin.ROSTER.value, sa_column_kwargs={"server_default": GroupOrigin.ROSTER.value})


class IdentityClaim(SQLModel, table=True):
    """A `/认领` request: a WeChat contact claiming to be a roster person, until confirmed."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    wechat_id: str
    wechat_name: str
    requested_at: datetime = _at()
    decided_at: datetime | None = _at(nullable=True)
    decided_by: int | None = Field(default=None, foreign_key="person.id")
    approved: bool | None = None
    # The contact the person was already bound to: noted when claimed, and the one moved away from on 改绑.
    contested_wechat_id: str | None = None


class Record(SQLModel, table=True):
    """One grievance, visit or emergency in the ledger (台账).

    The two partial indexes hold only open records (a few percent of a county's ledger), so the
    township's attention list and the open-matter figures (`ix_record_open`) read them, not the
    closed years; the escalation sweep reads only the open records whose clock runs, fewer still
    (`ix_record_clock_runs`, with the kind, so the sweep's test of each clock needs no row).
    A month's figures count that month's records of each organisation from `ix_record_org_created`
    alone (it holds every column they read). A message's intake asks what its sender, or its group,
    touched in the last minutes: by reporter and by group with the time of the last change.
    """

    __table_args__ = (
        Index("ix_record_open", "org_id", "created_at", sqlite_where=text(OPEN_SQL), postgresql_where=text(OPEN_SQL)),
        Index(
            "ix_record_org_created",
            *("org_id", "created_at", "kind", "status", "responded_at", "resolved_at", "closed_at", "rating"),
        ),
        Index(
            "ix_record_clock_runs",
            "level",
            "level_since",
            "kind",
            sqlite_where=text(CLOCK_RUNS_SQL),
            postgresql_where=text(CLOCK_RUNS_SQL),
        ),
        Index("ix_record_reporter_updated", "reporter_id", "updated_at"),
        Index("ix_record_group_updated", "group_id", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    kind: str = Field(index=True)
    category: str | None = None
    must_visit: str | None = None
    urgency: str = "normal"
    status: str = Field(index=True)
    level: int = 0
    text: str
    keywords: list[str] = _json(list)
    reporter_id: int | None = Field(default=None, foreign_key="person.id")
    household_id: int | None = Field(default=None, foreign_key="household.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="group.id")
    responsible_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="record.id")
    source_message_id: str | None = Field(default=None, index=True)
    created_at: datetime = _at(index=True)
    updated_at: datetime = _at()
    level_since: datetime = _at()
    # first response ever (for 答复率) and latest one (stops the escalation clock of a level)
    responded_at: datetime | None = _at(nullable=True)
    acknowledged_at: datetime | None = _at(nullable=True)
    resolved_at: datetime | None = _at(nullable=True)
    closed_at: datetime | None = _at(nullable=True)
    rating: int | None = None
    township_state: str | None = None
    township_ref: str | None = None
    # failed hand-offs so far, and when the next one may be tried (back-off across sweeps)
    township_attempts: int = 0
    township_retry_at: datetime | None = _at(nullable=True)


class RecordEvent(SQLModel, table=True):
    """Append-only audit trail: who did what to which record, when."""

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="record.id", index=True)
    at: datetime = _at()
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    action: str
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None


class KindChange(SQLModel, table=True):
    """`/改为`: a record's kind corrected by a person, kept so the classification rules can be tuned."""

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="record.id", index=True)
    at: datetime = _at()
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    from_kind: str
    to_kind: str


class Visit(SQLModel, table=True):
    __table_args__ = (Index("ix_visit_household_day", "household_id", "visited_on"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    member_id: int = Field(foreign_key="person.id", index=True)
    visited_on: date = Field(index=True)
    at: datetime = _at()
    note: str | None = None
    record_id: int | None = Field(default=None, foreign_key="record.id")


class VisitTask(SQLModel, table=True):
    """A visit the member owes a household because of a must-visit situation (八必访)."""

    __table_args__ = (
        Index(
            "ix_visittask_open",
            "level",
            "opened_at",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    member_id: int = Field(foreign_key="person.id", index=True)
    reason: str
    record_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    opened_at: datetime = _at()
    closed_at: datetime | None = _at(nullable=True)
    level: int = 0


class InboxMessage(SQLModel, table=True):
    """Every incoming message, stored before it is acted on; the id makes redelivery a no-op."""

    message_id: str = Field(primary_key=True)
    # the WeChat account that received it; ids are per account, so other accounts' ids are keyed "account:id"
    account: str = Field(default="default", sa_column_kwargs={"server_default": "default"})
    received_at: datetime = _at()
    at: datetime = _at()
    room_id: str | None = None
    room_topic: str | None = None
    sender_id: str
    sender_name: str
    sender_alias: str | None = None
    text: str
    mentions: list[str] = _json(list)
    mentions_self: bool = False
    state: str = Field(default="received", index=True)
    processed_at: datetime | None = _at(nullable=True)
    error: str | None = None


class Attachment(SQLModel, table=True):
    """A photo, voice, video or file that came with an inbox message, and the record it belongs to.

    The bytes live in the media folder under their SHA-256, so a redelivered or forwarded file is kept
    once; `state` says whether they were kept ("stored"), refused ("too_large") or lost ("failed").
    """

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(foreign_key="inboxmessage.message_id", index=True)
    record_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    kind: str
    file_name: str = ""
    mime_type: str
    size: int
    sha256: str | None = Field(default=None, max_length=64, index=True)
    state: str
    error: str | None = None
    transcript: str | None = None
    created_at: datetime = _at()


class OutboxMessage(SQLModel, table=True):
    """A message the bot has decided to send; written in the same transaction as its cause."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _at()
    group_id: int | None = Field(default=None, foreign_key="group.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    room_id: str | None = None
    to_id: str | None = None
    text: str
    mention_ids: list[int] = _json(list)
    # the WeChat account to send it through; None: the one serving the addressee's organisation
    account: str | None = Field(default=None, index=True)
    # a file sent after the text: its path on this machine and the name the chat shows
    attachment_path: str | None = None
    attachment_name: str | None = None
    state: str = Field(default="pending", index=True)
    attempts: int = 0
    taken_by: str | None = None
    taken_at: datetime | None = _at(nullable=True)
    sent_at: datetime | None = _at(nullable=True)
    error: str | None = None
    # a part of a text too long for one WeChat message: the row it was split from
    part_of: int | None = Field(default=None, foreign_key="outboxmessage.id")


class SendClaim(SQLModel, table=True):
    """The scheduled-send ledger: one row per (job, target, period), claimed before sending."""

    __table_args__ = (UniqueConstraint("job", "target", "period", name="uq_send_claim"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str
    target: str
    period: str
    claimed_at: datetime = _at()
    outbox_id: int | None = Field(default=None, foreign_key="outboxmessage.id")
    # set with the unflushed row: the flush inserts the message first and fills `outbox_id`
    outbox: OutboxMessage | None = Relationship(sa_relationship=relationship("OutboxMessage", lazy="raise"))


class JobState(SQLModel, table=True):
    """When each scheduled job last fired, so a restart knows what it missed."""

    job_id: str = Field(primary_key=True)
    last_fire_at: datetime = _at()


class Lease(SQLModel, table=True):
    """Which process runs the scheduled jobs, until when."""

    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = _at()


class ConsoleLogin(SQLModel, table=True):
    """A one-time login link to the web console, sent privately to a secretary by `/控制台`.

    Only the token's SHA-256 is stored, so reading the database gives nobody a way in.
    """

    token_hash: str = Field(primary_key=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = _at()
    expires_at: datetime = _at()
    used_at: datetime | None = _at(nullable=True)


class ConsoleSession(SQLModel, table=True):
    """A browser signed in to the web console: the cookie holds the id, this table its SHA-256."""

    id_hash: str = Field(primary_key=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = _at()
    expires_at: datetime = _at()
    ended_at: datetime | None = _at(nullable=True)
