"""Nothing lost: a photo stored before a crash, or spooled while the database is down, is acted on later."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from base.clock import VirtualClock
from base.messages import Media
from bot.spool import Spool
from storage import inbox
from storage.db import session_scope
from storage.models import Attachment
from tests.bot.test_app import START, grievance, started

PHOTO = Media("image", b"\xff\xd8\xff" + b"road" * 64, "road.jpg", "image/jpeg")


def photo_message(message_id: str = "m-photo"):  # type: ignore[no-untyped-def]
    return replace(grievance(message_id), text="", media=PHOTO)


async def test_a_photo_stored_before_a_crash_is_attached_once_after_the_restart(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # on PostgreSQL the media folder is ./var/media
    clock = VirtualClock(START)
    app, _ = await started(db_url, clock)
    with session_scope(app.engine) as session:  # what receive() does first, then the process dies
        inbox.store(session, photo_message(), clock.now(), app.deps.media)
    await app.stop()

    clock.set(START + timedelta(minutes=5))
    restarted, transport = await started(db_url, clock)
    assert [m.text for m in transport.sent] == [
        "已收到图片，暂存为 #1（待确认），联户党员李建国将查看并发送“/改为 #1 诉求|走访|突发”。"
    ]
    await restarted.receive(photo_message())
    assert len(transport.sent) == 1
    with Session(restarted.engine) as session:
        [kept] = session.exec(select(Attachment)).all()
        assert kept.record_id == 1
        assert restarted.deps.media is not None and restarted.deps.media.read(kept) == PHOTO.data
    await restarted.stop()


def test_the_spool_keeps_the_photo_itself(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(photo_message())
    spool.append(grievance("m-text"))
    assert list(spool.drain()) == [photo_message(), grievance("m-text")]
