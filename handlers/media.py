"""A photo, voice, video or file from a known sender: attached to the matter it belongs to, or kept as 待确认.

It joins the sender's open matter within the fold window (the window that folds text bursts); otherwise
it opens a record of kind `unsorted` that the member classifies with `/改为`, unless the sender says what
it is first: a matter typed within the window takes the 待确认 records in with their files. A voice
message that the speech engine can read goes through the normal intake as if its words had been typed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import col, select

from handlers.context import Context
from handlers.intake import take_in
from handlers.labels import MEDIA_LABELS
from handlers.records.create import open_record
from handlers.records.describe import label
from handlers.records.lifecycle import OPEN, Action, apply, audit
from handlers.records.notices import follower
from handlers.records.people import household_concerned, responsible_for
from handlers.records.similar import recent_from_same_reporter
from storage.enums import Kind
from storage.media import MediaState, attachments_of_message, attachments_of_record
from storage.models import Attachment, Record

log = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024


def take_in_message(ctx: Context) -> bool:
    """Intake for a message, with or without media; False for silent chit-chat."""
    attachments = attachments_of_message(ctx.session, ctx.message.message_id)
    if attachments:
        return take_in_media(ctx, attachments[0])
    acted = take_in(ctx)
    if acted:
        _adopt_unsorted(ctx)
    return acted


def take_in_media(ctx: Context, attachment: Attachment) -> bool:
    """Act on a message that brought media; False when it ends up as chit-chat the bot stays silent on."""
    what = MEDIA_LABELS[attachment.kind]
    if attachment.state == MediaState.TOO_LARGE:
        limit = ctx.deps.media.max_bytes if ctx.deps.media else 0
        ctx.reply(ctx.say("media.too_large", what=what, size=_megabytes(attachment.size), limit=_megabytes(limit)))
        return True
    if attachment.state == MediaState.FAILED:
        ctx.reply(ctx.say("media.store_failed", what=what))
        return True
    if attachment.kind == "voice" and ctx.deps.transcribe is not None:
        spoken = _transcribe(ctx, attachment)
        if spoken:
            return _take_in_spoken(ctx, attachment, spoken)
    record = _open_matter(ctx)
    if record is not None:
        _attach(ctx, attachment, record)
        ctx.reply(ctx.say("media.attached", what=what, id=record.id, label=label(record)))
    else:
        record = _keep_unsorted(ctx, attachment)
        ctx.reply(ctx.say("media.kept_unsorted", what=what, id=record.id, follower=follower(ctx.session, record)))
    if attachment.kind == "voice":
        ctx.reply(ctx.say("media.summarise_voice"))
    return True


def _take_in_spoken(ctx: Context, attachment: Attachment, spoken: str) -> bool:
    attachment.transcript = spoken
    ctx.transcript = spoken
    acted = take_in(ctx)
    record = _record_from_this_message(ctx) or _open_matter(ctx)
    if record is None:
        return acted
    _attach(ctx, attachment, record)
    ctx.reply(ctx.say("media.transcribed", id=record.id, text=spoken))
    _adopt_unsorted(ctx)
    return True


def _transcribe(ctx: Context, attachment: Attachment) -> str | None:
    assert ctx.deps.transcribe is not None and ctx.deps.media is not None
    try:
        audio = ctx.deps.media.read(attachment)
        spoken = ctx.deps.transcribe(audio, _audio_format(attachment))
    except Exception:  # noqa: BLE001 — a voice the engine chokes on is kept like one without a model
        log.exception("message %s: voice not transcribed", attachment.message_id)
        return None
    return spoken.strip() if spoken and spoken.strip() else None


def _audio_format(attachment: Attachment) -> str:
    suffix = attachment.file_name.rsplit(".", 1)[-1].lower() if "." in attachment.file_name else ""
    return suffix or attachment.mime_type.split("/")[-1]


def _open_matter(ctx: Context) -> Record | None:
    if ctx.actor is None or ctx.actor.id is None:
        return None
    since = ctx.now - timedelta(minutes=ctx.deps.fold_window_minutes)
    record = recent_from_same_reporter(ctx.session, ctx.actor.id, None, None, since)
    if record is None or record.group_id != (ctx.group.id if ctx.group else None):
        return None
    return record


def _record_from_this_message(ctx: Context) -> Record | None:
    query = select(Record).where(Record.source_message_id == ctx.message.message_id)
    return ctx.session.exec(query).first()


def _attach(ctx: Context, attachment: Attachment, record: Record) -> None:
    attachment.record_id = record.id
    record.updated_at = ctx.now
    note = MEDIA_LABELS[attachment.kind] + (f" {attachment.file_name}" if attachment.file_name else "")
    audit(ctx.session, record, "attach", ctx.now, ctx.actor, note)


def _adopt_unsorted(ctx: Context) -> None:
    """The matter just typed is what the sender's 待确认 photos or voice were about: they join it."""
    record = _record_from_this_message(ctx)
    if record is None or record.kind == Kind.UNSORTED or ctx.actor is None:
        return
    target = ctx.session.get(Record, record.merged_into_id) if record.merged_into_id else record
    assert target is not None and target.id is not None
    since = ctx.now - timedelta(minutes=ctx.deps.fold_window_minutes)
    query = select(Record).where(
        Record.reporter_id == ctx.actor.id,
        Record.kind == Kind.UNSORTED,
        col(Record.status).in_(OPEN),
        Record.updated_at >= since,  # type: ignore[arg-type]
    )
    here = col(Record.group_id) == ctx.group.id if ctx.group else col(Record.group_id).is_(None)
    query = query.where(here)
    adopted = []
    for unsorted in ctx.session.exec(query.order_by(col(Record.id))):
        assert unsorted.id is not None
        for attachment in attachments_of_record(ctx.session, unsorted.id):
            _attach(ctx, attachment, target)
        unsorted.merged_into_id = target.id
        apply(ctx.session, unsorted, Action.MERGE, ctx.now, ctx.actor, ctx.say("record.note.merged_into", id=target.id))
        adopted.append(f"#{unsorted.id}")
    if adopted:
        ctx.reply(ctx.say("media.adopted", ids="、".join(adopted), id=target.id))


def _keep_unsorted(ctx: Context, attachment: Attachment) -> Record:
    assert ctx.org is not None and ctx.org.id is not None
    household = household_concerned(ctx.session, ctx.actor, "") if ctx.actor else None
    record = open_record(
        ctx.session,
        org_id=ctx.org.id,
        kind=Kind.UNSORTED,
        text=ctx.say("media.placeholder", what=MEDIA_LABELS[attachment.kind]),
        now=ctx.now,
        reporter=ctx.actor,
        household=household,
        group=ctx.group,
        responsible=responsible_for(ctx.session, household, ctx.group, ctx.actor),
        source_message_id=ctx.message.message_id,
        reporter_name=None if ctx.actor else ctx.message.sender_name,
    )
    _attach(ctx, attachment, record)
    return record


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".removesuffix(".0")
