"""花名册: upload a roster workbook, see what is wrong or what would change, confirm to import; download the
current roster in the same format.

The uploaded file waits under the data folder between the check and the confirmation, in a folder
named after the browser's session (hashed) and a random id, so only the secretary who uploaded it
can import it, and a new upload replaces what was waiting.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from aiohttp import BodyPartReader, web
from sqlmodel import Session, col, select

from bot.web.auth import COOKIE, Viewer, current_viewer, forged, signed_in
from bot.web.csrf import FIELD
from bot.web.deps import web_deps
from bot.web.render import render
from storage.console import digest
from storage.models import ConsoleSession
from storage.roster import ImportReport, RosterError, RosterProblem, import_roster
from storage.roster.export import roster_xlsx
from storage.roster.read import read_roster
from storage.roster.report import KIND_LABELS
from storage.roster.schema import GROUPS
from storage.roster.wording import say

MAX_BYTES = 2 * 1024 * 1024
"""A village's roster is a few hundred rows, tens of kilobytes; anything near this is not one."""
UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SESSION_DIR_CHARS = 32
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ProblemRow:
    problem: RosterProblem
    group: str
    """The 群名 of the row, for a problem on the 群 sheet."""


class TooLarge(Exception):
    pass


def _session_dir(request: web.Request) -> Path:
    return web_deps(request).upload_dir / digest(request.cookies.get(COOKIE, ""))[:SESSION_DIR_CHARS]


def _safe_name(filename: str | None) -> str:
    """The uploaded file's own name (the checker's messages quote it), without any folder in it.

    Browsers send it as UTF-8; some clients percent-encode it.
    """
    name = Path(unquote(filename or "").replace("\\", "/")).name.strip()
    name = re.sub(r'[\x00-\x1f<>:"|?*]', "", name)[-100:]
    return name if name not in ("", ".", "..") else say("roster.file.upload")


def _pending(request: web.Request, upload_id: str) -> Path | None:
    if not UPLOAD_ID.match(upload_id):
        return None
    folder = _session_dir(request) / upload_id
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def _sweep(request: web.Request) -> None:
    """Drop what browsers left waiting when their session ended or expired."""
    deps = web_deps(request)
    if not deps.upload_dir.is_dir():
        return
    with Session(deps.engine) as session:
        live = session.exec(
            select(ConsoleSession.id_hash).where(
                col(ConsoleSession.ended_at).is_(None), col(ConsoleSession.expires_at) > deps.clock.now()
            )
        )
        kept = {id_hash[:SESSION_DIR_CHARS] for id_hash in live}
    for folder in deps.upload_dir.iterdir():
        if folder.name not in kept:
            shutil.rmtree(folder, ignore_errors=True)


async def _save(request: web.Request, part: BodyPartReader) -> tuple[str, Path]:
    """Stream the file into a fresh folder, refusing it past MAX_BYTES; earlier uploads of this session go."""
    _sweep(request)
    session_dir = _session_dir(request)
    shutil.rmtree(session_dir, ignore_errors=True)
    upload_id = secrets.token_urlsafe(24)
    path = session_dir / upload_id / _safe_name(part.filename)
    path.parent.mkdir(parents=True)
    size = 0
    with path.open("wb") as out:
        while chunk := await part.read_chunk():
            size += len(chunk)
            if size > MAX_BYTES:
                out.close()
                shutil.rmtree(session_dir, ignore_errors=True)
                raise TooLarge()
            out.write(chunk)
    return upload_id, path


def _group_names(path: Path) -> dict[int, str]:
    """Row number → 群名 on the 群 sheet, so a problem there says which group it is about."""
    try:
        sheet = read_roster(path).get(GROUPS)
    except RosterError:
        return {}
    return {row.number: row.cells.get("群名", "") for row in sheet.rows} if sheet else {}


def _problem_rows(path: Path, error: RosterError) -> list[ProblemRow]:
    names = _group_names(path)
    return [
        ProblemRow(p, names.get(p.row, "") if p.sheet == GROUPS and p.row is not None else "") for p in error.problems
    ]


def _page(request: web.Request, viewer: Viewer, *, status: int = 200, **result: object) -> web.Response:
    context: dict[str, object] = {
        "problems": None,
        "report": None,
        "upload_id": "",
        "file_name": "",
        "imported": None,
        "error": "",
        **result,
    }
    return render(
        "roster.html",
        status=status,
        viewer=viewer,
        active="roster",
        csrf_field=FIELD,
        csrf=viewer.csrf,
        max_mb=MAX_BYTES // (1024 * 1024),
        labels=KIND_LABELS,
        **context,
    )


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    return _page(request, viewer)


def _csrf_ok(request: web.Request, sent: str) -> bool:
    return not forged(request, {FIELD: sent})


def _viewer(request: web.Request) -> Viewer | None:
    deps = web_deps(request)
    with Session(deps.engine) as session:
        return current_viewer(request, session, deps.clock.now())


def _check(request: web.Request, viewer: Viewer, upload_id: str, path: Path) -> web.Response:
    deps = web_deps(request)
    try:
        report = import_roster(deps.engine, path, dry_run=True, today=deps.clock.now().date())
    except RosterError as error:
        problems = _problem_rows(path, error)
        shutil.rmtree(path.parent, ignore_errors=True)
        return _page(request, viewer, status=422, problems=problems, file_name=path.name)
    if report.organisation != viewer.org.name:
        shutil.rmtree(path.parent, ignore_errors=True)
        return _page(request, viewer, status=422, error="other_org", file_name=path.name, report=report)
    return _page(request, viewer, report=report, upload_id=upload_id, file_name=path.name)


async def upload(request: web.Request) -> web.StreamResponse:
    viewer = _viewer(request)
    if viewer is None:
        return render("login_help.html", status=401)
    if not request.content_type.startswith("multipart/"):
        return _page(request, viewer, status=400, error="no_file")
    reader = await request.multipart()
    token, saved = "", None
    try:
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == FIELD:
                token = await part.text()
            elif part.name == "file" and part.filename and _csrf_ok(request, token):
                saved = await _save(request, part)
    except TooLarge:
        return _page(request, viewer, status=413, error="too_large")
    if not _csrf_ok(request, token):
        return _page(request, viewer, status=403, error="csrf")
    if saved is None:
        return _page(request, viewer, status=400, error="no_file")
    return _check(request, viewer, *saved)


async def confirm(request: web.Request) -> web.StreamResponse:
    viewer = _viewer(request)
    if viewer is None:
        return render("login_help.html", status=401)
    form = await request.post()
    if not _csrf_ok(request, str(form.get(FIELD, ""))):
        return _page(request, viewer, status=403, error="csrf")
    path = _pending(request, str(form.get("upload", "")))
    if path is None:
        return _page(request, viewer, status=410, error="expired")
    deps = web_deps(request)
    try:
        report: ImportReport = import_roster(deps.engine, path, today=deps.clock.now().date())
    except RosterError as error:  # the ledger changed between the check and the confirmation
        return _page(request, viewer, status=422, problems=_problem_rows(path, error), file_name=path.name)
    finally:
        shutil.rmtree(_session_dir(request), ignore_errors=True)
    return _page(request, viewer, imported=report, file_name=path.name)


@signed_in
def download(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    assert viewer.org.id is not None
    today = web_deps(request).clock.now().date()
    name = say("roster.file.download", org=viewer.org.name, date=today.isoformat())
    return web.Response(
        body=roster_xlsx(session, viewer.org.id),
        content_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{quote(name)}"},
    )
