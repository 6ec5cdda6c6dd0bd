"""Reading a python-wechaty photo, voice, video or file message into the bot's `Media`."""

from __future__ import annotations

import logging
import mimetypes
import tempfile
from pathlib import Path
from typing import Any

from base.messages import Media
from bot.transports import wechaty_shim

wechaty_shim.apply()

from wechaty_puppet import MessageType  # noqa: E402  (after the shim)

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    MessageType.MESSAGE_TYPE_IMAGE: "image",
    MessageType.MESSAGE_TYPE_AUDIO: "voice",
    MessageType.MESSAGE_TYPE_VIDEO: "video",
    MessageType.MESSAGE_TYPE_ATTACHMENT: "file",
}
# WeChat's voice is SILK; a puppet that names it `.sil`/`.silk` gives no MIME type of its own.
FALLBACK_MIME = {"image": "image/jpeg", "voice": "audio/silk", "video": "video/mp4", "file": "application/octet-stream"}


def media_kind(msg: Any) -> str | None:
    return MEDIA_TYPES.get(msg.type())


async def read_media(msg: Any, kind: str) -> Media:
    """The message's file, read through `Message.to_file_box()` and `FileBox.to_file()`.

    python-wechaty 0.10.7's FileBox has no `to_bytes`, so the file goes through a private temporary
    folder. A file the gateway cannot hand over still arrives, as `Media.error`, so the message is kept
    and its sender told.
    """
    name = ""
    try:
        box = await msg.to_file_box()
        name = box.name or ""
        with tempfile.TemporaryDirectory(prefix="lianhu-media-") as folder:
            path = Path(folder) / "file"
            await box.to_file(str(path), overwrite=True)
            data = path.read_bytes()
    except Exception as error:  # noqa: BLE001 — the puppet and FileBox raise many kinds
        log.error("message %s: cannot read its %s from the gateway: %r", msg.message_id, kind, error)
        return Media(kind, b"", name, _mime(None, name, kind), error=f"{type(error).__name__}: {error}")
    return Media(kind, data, name, _mime(getattr(box, "mediaType", None), name, kind))


def _mime(given: str | None, name: str, kind: str) -> str:
    return given or mimetypes.guess_type(name)[0] or FALLBACK_MIME[kind]
