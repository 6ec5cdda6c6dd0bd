"""The ledger of one month as the same `.xlsx` that `/导出` sends, downloaded from the 台账 page."""

from __future__ import annotations

import io
from urllib.parse import quote

from aiohttp import web
from sqlmodel import Session

from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.ledger import parse_month
from handlers.export import export_ledger, file_name
from handlers.periods import Month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@signed_in
def export(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    """The month chosen on the 台账 page (`?month=YYYY-MM`), else the current month."""
    assert viewer.org.id is not None
    month = parse_month(request.query.get("month", "")) or Month.of(web_deps(request).clock.now())
    out = io.BytesIO()
    export_ledger(session, "xlsx", out, month=str(month), org_id=viewer.org.id)
    name = file_name(viewer.org.name, str(month))
    disposition = f"attachment; filename=\"ledger-{month}.xlsx\"; filename*=UTF-8''{quote(name)}"
    return web.Response(body=out.getvalue(), content_type=XLSX, headers={"Content-Disposition": disposition})
