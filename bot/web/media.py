"""A record's photos, voice and files, served to a signed-in secretary of the record's organisation only."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web
from sqlmodel import Session

from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.render import render
from handlers.records.scope import in_scope
from storage.media import MediaState
from storage.models import Attachment, Record

# Shown in the page itself; anything else (an .html "file" above all) is only offered as a download.
INLINE = ("image/", "audio/", "video/")


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    attachment = session.get(Attachment, int(request.match_info["number"]))
    record = session.get(Record, attachment.record_id) if attachment and attachment.record_id else None
    store = web_deps(request).media
    if (
        attachment is None
        or record is None
        or store is None
        or attachment.state != MediaState.STORED
        or not in_scope(session, viewer.person, record)
    ):
        return render("not_found.html", status=404, viewer=viewer, active="")
    try:
        body = store.read(attachment)
    except OSError:
        return render("not_found.html", status=404, viewer=viewer, active="")
    inline = attachment.mime_type.startswith(INLINE)
    response = web.Response(body=body, content_type=attachment.mime_type if inline else "application/octet-stream")
    if not inline:
        response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(attachment)}"
    return response


def _quoted(attachment: Attachment) -> str:
    return quote(attachment.file_name or f"attachment-{attachment.id}")
