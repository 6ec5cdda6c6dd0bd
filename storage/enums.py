"""The vocabulary stored in the ledger's string columns."""

from enum import StrEnum


class Role(StrEnum):
    SECRETARY = "secretary"
    HUB = "hub"
    MEMBER = "member"
    RESIDENT = "resident"


class Kind(StrEnum):
    GRIEVANCE = "grievance"
    VISIT = "visit"
    EMERGENCY = "emergency"


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


FOCUS_TAGS = ("困难家庭", "危重病人", "空巢老人", "留守儿童")
