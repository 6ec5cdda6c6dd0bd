"""What cannot be kept: a file over the size cap, and a media folder on a full disk."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import make_engine
from storage.enums import InboxState
from storage.media import MediaState
from storage.models import Attachment, InboxMessage, Record
from tests.replaying import replay_steps, texts

TIER2 = "李建国联户群"
RESIDENT = "秀英🌸"
MEGABYTE = 1024 * 1024


def _photo_step(name: str) -> dict:
    return {"say_media": name, "kind": "image", "from": RESIDENT, "room": TIER2}


def _write(tmp_path: Path, name: str, size: int) -> None:
    folder = tmp_path / "tests" / "replays"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"\xff\xd8\xff" + b"x" * (size - 3))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted for the test (the tests run as root), else a folder that cannot be created."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=False)
    if mounted.returncode != 0:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the media folder should be")
        yield blocker / "media"
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


async def test_a_photo_over_the_cap_gets_a_clear_answer_and_the_message_is_still_logged(
    db_url: str, tmp_path: Path
) -> None:
    _write(tmp_path, "huge.jpg", 3 * MEGABYTE // 2)
    steps: list[dict | str] = ["DEMO", {"at": "2026-03-02T09:00:00+08:00"}, _photo_step("huge.jpg")]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media", media_max_bytes=MEGABYTE)
    assert texts(sent, room=TIER2) == [
        "图片太大（1.5 MB），超过 1 MB 的上限，未能保存。请压缩后重发，或用文字说明情况。"
    ]
    with Session(make_engine(db_url)) as session:
        [kept] = session.exec(select(Attachment)).all()
        assert (kept.state, kept.size, kept.sha256, kept.record_id) == (
            MediaState.TOO_LARGE,
            3 * MEGABYTE // 2,
            None,
            None,
        )
        assert session.get(InboxMessage, kept.message_id) is not None
    assert not (tmp_path / "media").exists()


async def test_a_full_disk_loses_nothing_else_and_the_text_path_keeps_working(
    db_url: str, tmp_path: Path, full_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, "road.jpg", 200 * 1024)
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        _photo_step("road.jpg"),
        {"say": "村口路灯坏了好几天了", "from": RESIDENT, "room": TIER2},
    ]
    with caplog.at_level(logging.ERROR, logger="storage.media"):
        sent = await replay_steps(steps, db_url, tmp_path, media_dir=full_disk)
    room = texts(sent, room=TIER2)
    assert room[0] == "图片暂存失败，请稍后重发，或用文字说明情况。"
    assert room[1].startswith("已记录 #1（诉求·城乡建设）")
    assert any("cannot keep its image" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    with Session(make_engine(db_url)) as session:
        [kept] = session.exec(select(Attachment)).all()
        assert kept.state == MediaState.FAILED and kept.record_id is None
        assert kept.error is not None and ("No space left" in kept.error or "NotADirectory" in kept.error)
        message = session.get(InboxMessage, kept.message_id)
        assert message is not None and message.state == InboxState.PROCESSED
        assert len(session.exec(select(Record)).all()) == 1
    leftovers = [p for p in full_disk.rglob("*") if p.is_file()] if full_disk.is_dir() else []
    assert leftovers == []
