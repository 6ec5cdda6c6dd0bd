"""How a record and its audit trail are named in messages: `诉求·城乡建设`, `3天5小时`, `办结：已更换灯泡`."""

from __future__ import annotations

from datetime import datetime

from handlers.formats import say
from handlers.labels import ACTION_LABELS, KIND_LABELS, MUST_VISIT_LABELS, STATUS_LABELS
from handlers.records.lifecycle import TRANSITIONS
from storage.enums import Kind, Status
from storage.models import Record

# The status each audited action leads to, which its label already says.
_SAID = {str(action): target for action, (_, target) in TRANSITIONS.items()} | {"create": Status.NEW}


def label(record: Record) -> str:
    kind = Kind(record.kind)
    detail = record.category
    if detail is None and kind is Kind.VISIT:
        detail = MUST_VISIT_LABELS.get(record.must_visit or "")
    return f"{KIND_LABELS[kind]}·{detail}" if detail else KIND_LABELS[kind]


def age(since: datetime, now: datetime) -> str:
    minutes = max(int((now - since).total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return say("units.age.days_hours" if hours else "units.age.days", days=days, hours=hours)
    if hours:
        return say("units.age.hours_minutes" if minutes else "units.age.hours", hours=hours, minutes=minutes)
    return say("units.age.minutes", minutes=minutes)


def trail_step(action: str, to_status: str | None, note: str) -> tuple[str, str, str]:
    """One audit event after its actor, as (action, status, note): ("办结", "", "已更换灯泡").

    The status is given only where the action does not already say it (never "重办（重办）"), and a
    note that already names the action ("交办给李建国") stands alone, without the label.
    """
    name = ACTION_LABELS.get(action, action)
    if note.startswith(name):
        return "", "", note
    if to_status is None or _SAID.get(action) == to_status:
        return name, "", note
    return name, STATUS_LABELS[Status(to_status)] if to_status in set(Status) else to_status, note
