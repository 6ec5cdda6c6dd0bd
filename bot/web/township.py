"""乡镇: a township cadre's page: every village's escalated and overdue matters, and each village's
三率 and visit coverage for a month (handlers.stats, read for all villages at once)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlmodel import Session

from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.ledger import parse_month
from bot.web.render import render
from handlers.labels import LEVEL_LABELS, STATUS_LABELS
from handlers.periods import Month
from handlers.records.describe import age, label
from handlers.records.notices import followers
from handlers.stats import VillageFigures, figures_by_org, percent
from handlers.township import combined, needs_attention, villages
from storage.enums import OrgKind, Status, TownshipState
from storage.models import Record


@dataclass(frozen=True)
class VillageRow:
    name: str
    found: VillageFigures


@dataclass(frozen=True)
class MatterRow:
    record: Record
    village: str
    label: str
    level: str
    status: str
    overdue: bool
    transferred: str | None
    age: str
    follower: str


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    if viewer.org.kind != OrgKind.TOWNSHIP or viewer.org.id is None:
        return render("not_found.html", status=404, viewer=viewer, active="")
    now = web_deps(request).clock.now()
    period = parse_month(request.query.get("month", "")) or Month.of(now)
    names = {org.id: org.name for org in villages(session, viewer.org.id) if org.id is not None}
    by_village = figures_by_org(session, list(names), period.start, period.end, now)
    rows = sorted(
        (VillageRow(names[org_id], found) for org_id, found in by_village.items()),
        key=lambda row: (-row.found.overdue, row.name),
    )
    flagged, others = needs_attention(session, list(names), now)
    names_following = followers(session, [record for record, _ in flagged])
    matters = [
        MatterRow(
            record=record,
            village=names[record.org_id],
            label=label(record),
            level=LEVEL_LABELS.get(record.level, ""),
            status=STATUS_LABELS[Status(record.status)],
            overdue=overdue,
            transferred=record.township_ref if record.township_state == TownshipState.TRANSFERRED else None,
            age=age(record.created_at, now),
            follower=following,
        )
        for (record, overdue), following in zip(flagged, names_following, strict=True)
    ]
    return render(
        "township.html",
        viewer=viewer,
        active="township",
        period=period,
        this_month=period == Month.of(now),
        villages=rows,
        total=combined(by_village.values()),
        matters=matters,
        others=others,
        percent=percent,
    )
