"""The vocabulary stored in the ledger's string columns."""

from enum import StrEnum


class Role(StrEnum):
    SECRETARY = "secretary"
    HUB = "hub"
    MEMBER = "member"
    RESIDENT = "resident"
    TOWNSHIP = "township"
    """A township cadre (乡镇干部): sees and hands down the matters of every village of the township."""


class OrgKind(StrEnum):
    VILLAGE = "village"
    TOWNSHIP = "township"


class GroupOrigin(StrEnum):
    ROSTER = "roster"
    COMMAND = "command"
    """Created by a secretary's /绑定; a roster import that does not list it leaves it alone."""


class Kind(StrEnum):
    GRIEVANCE = "grievance"
    VISIT = "visit"
    EMERGENCY = "emergency"
    UNSORTED = "unsorted"  # a photo or voice with no matter to attach to, until a member says what it is


class Status(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    DELIBERATED = "deliberated"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


# The statuses of a matter still open, in the order the partial index on open records (and every query
# meant to use it) spells them out: SQLite uses a partial index only for a WHERE written like the index's.
OPEN_STATUSES = (Status.ACCEPTED, Status.DELIBERATED, Status.IN_PROGRESS, Status.NEW, Status.REOPENED)
OPEN_SQL = "status IN ({})".format(", ".join(f"'{status.value}'" for status in OPEN_STATUSES))
# An open record whose escalation clock runs: nobody answered since it reached its level, or it was reopened
# (`handlers.escalation.ladder.climbing` spells its WHERE the same way, for the partial index on running clocks).
CLOCK_RUNS_SQL = f"{OPEN_SQL} AND (acknowledged_at IS NULL OR acknowledged_at < level_since OR status = 'reopened')"


class TownshipState(StrEnum):
    """`Record.township_state`: the matter at the township level."""

    PENDING = "pending"  # reached the top; waiting for the township platform hand-off
    SENT = "sent"  # posted to the outside platform (Open311-style webhook)
    TRANSFERRED = "transferred"  # a township cadre passed it on (转办) under a reference


class InboxState(StrEnum):
    RECEIVED = "received"
    PROCESSED = "processed"
    IGNORED = "ignored"
    FAILED = "failed"


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SPLIT = "split"  # too long for one message: sent as its parts instead


FOCUS_TAGS = ("困难家庭", "危重病人", "空巢老人", "留守儿童")
