"""The media folder: photos, voice and files kept under their SHA-256, and their attachment rows."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session, col, select

from base.messages import Media
from storage.models import Attachment

log = logging.getLogger(__name__)


class MediaState(StrEnum):
    STORED = "stored"
    TOO_LARGE = "too_large"
    FAILED = "failed"


@dataclass(frozen=True)
class MediaStore:
    folder: Path
    max_bytes: int

    def keep(self, session: Session, message_id: str, media: Media, now: datetime) -> Attachment:
        """Write the bytes (once per content) and add their row; a refusal or write failure is recorded, not raised."""
        row = Attachment(
            message_id=message_id,
            kind=media.kind,
            file_name=media.file_name,
            mime_type=media.mime_type,
            size=media.size,
            state=MediaState.STORED,
            created_at=now,
        )
        if media.error is not None:
            row.state, row.error = MediaState.FAILED, media.error[:500]
        elif media.size > self.max_bytes:
            row.state = MediaState.TOO_LARGE
            log.warning(
                "message %s: %s of %d bytes over the %d-byte cap, not kept",
                message_id,
                media.kind,
                media.size,
                self.max_bytes,
            )
        else:
            digest = hashlib.sha256(media.data).hexdigest()
            try:
                self._write(digest, media.data)
                row.sha256 = digest
            except OSError as error:
                row.state, row.error = MediaState.FAILED, f"{type(error).__name__}: {error}"[:500]
                log.error("message %s: cannot keep its %s in %s: %s", message_id, media.kind, self.folder, error)
        session.add(row)
        session.flush()
        return row

    def path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def read(self, attachment: Attachment) -> bytes:
        if attachment.sha256 is None:
            raise FileNotFoundError(f"attachment {attachment.id} was not kept")
        return self.path(attachment.sha256).read_bytes()

    def _write(self, digest: str, data: bytes) -> None:
        """Atomic: a crash or a full disk leaves no half-written file under the digest's name."""
        target = self.path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def attachments_of_message(session: Session, message_id: str) -> list[Attachment]:
    query = select(Attachment).where(Attachment.message_id == message_id).order_by(col(Attachment.id))
    return list(session.exec(query))


def attachments_of_record(session: Session, record_id: int) -> list[Attachment]:
    query = select(Attachment).where(Attachment.record_id == record_id).order_by(col(Attachment.id))
    return list(session.exec(query))
