"""How a record is named in messages: `诉求·城乡建设`, `3天5小时`."""

from __future__ import annotations

from datetime import datetime

from handlers.labels import KIND_LABELS, MUST_VISIT_LABELS
from storage.enums import Kind
from storage.models import Record


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
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{minutes}分钟" if minutes else f"{hours}小时"
    return f"{minutes}分钟"
