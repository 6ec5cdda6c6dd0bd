"""Photos, voice and files through the real pipeline: kept, attached to the matter they belong to, shown."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from handlers.records.reclassify import kind_change_counts
from storage.db import make_engine
from storage.media import MediaState
from storage.models import Attachment, InboxMessage, KindChange, Record
from tests.media.audio import sine_wav
from tests.replaying import replay_steps, texts

TIER2 = "李建国联户群"
RESIDENT, MEMBER = "秀英🌸", "李建国"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _files(tmp_path: Path) -> Path:
    folder = tmp_path / "tests" / "replays"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "road.png").write_bytes(PHOTO)
    (folder / "voice.wav").write_bytes(sine_wav(seconds=1.0))
    return folder


def _photo(sender: str = RESIDENT) -> dict:
    return {"say_media": "road.png", "kind": "image", "from": sender, "room": TIER2}


def _attachments(db_url: str) -> list[Attachment]:
    with Session(make_engine(db_url)) as session:
        return list(session.exec(select(Attachment).order_by(col(Attachment.id))))


async def test_a_photo_after_a_complaint_is_attached_to_it_and_shown(db_url: str, tmp_path: Path) -> None:
    _files(tmp_path)
    media_dir = tmp_path / "media"
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        {"say": "村口路灯坏了好几天了", "from": RESIDENT, "room": TIER2},
        {"at": "2026-03-02T09:05:00+08:00"},
        _photo(),
        _photo(),
        {"say": "/查 #1", "from": MEMBER, "room": TIER2},
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=media_dir)
    room = texts(sent, room=TIER2)
    assert room[0].startswith("已记录 #1（诉求·城乡建设）")
    assert room[1] == room[2] == "已收到图片，已附在 #1（诉求·城乡建设）。"
    assert "附件：图片 2" in room[3]
    kept = _attachments(db_url)
    assert [(a.record_id, a.state, a.mime_type) for a in kept] == [(1, MediaState.STORED, "image/png")] * 2
    assert kept[0].sha256 == kept[1].sha256
    files = [path for path in media_dir.rglob("*") if path.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == PHOTO


async def test_a_photo_alone_is_kept_as_unsorted_until_the_member_says_what_it_is(db_url: str, tmp_path: Path) -> None:
    _files(tmp_path)
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        _photo(),
        {"say": "/改为 #1 诉求", "from": MEMBER, "room": TIER2},
        {"say": "/改为 #1 诉求", "from": MEMBER, "room": TIER2},
        {"say": "/改为 #1 诉求", "from": RESIDENT, "room": TIER2},
        {"say": "/查 #1", "from": MEMBER, "room": TIER2},
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    room = texts(sent, room=TIER2)
    assert room[0] == "已收到图片，暂存为 #1（待确认），联户党员李建国将查看并发送“/改为 #1 诉求|走访|突发”。"
    assert room[1] == "#1 已由待确认改为诉求。"
    assert room[2] == "#1 已经是诉求，无需更改。"
    assert room[3].startswith("权限不足")
    assert "附件：图片 1" in room[4] and "由 待确认 改为 诉求" in room[4]
    with Session(make_engine(db_url)) as session:
        [record] = session.exec(select(Record)).all()
        assert record.kind == "grievance" and record.text == "［图片］"
        assert [(c.from_kind, c.to_kind) for c in session.exec(select(KindChange))] == [("unsorted", "grievance")]
        assert kind_change_counts(session, record.org_id) == {("unsorted", "grievance"): 1}
        assert session.exec(select(InboxMessage).where(InboxMessage.text == "")).first() is not None


async def test_a_matter_typed_after_a_photo_takes_the_photo_in(db_url: str, tmp_path: Path) -> None:
    _files(tmp_path)
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        _photo(),
        {"at": "2026-03-02T09:02:00+08:00"},
        {"say": "村口路灯坏了好几天了", "from": RESIDENT, "room": TIER2},
        {"say": "/查 #2", "from": MEMBER, "room": TIER2},
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    room = texts(sent, room=TIER2)
    assert room[0].startswith("已收到图片，暂存为 #1（待确认）")
    assert room[1].startswith("已记录 #2（诉求·城乡建设）")
    assert room[2] == "刚才暂存的 #1（待确认）已并入 #2，附件一并转入。"
    assert "附件：图片 1" in room[3]
    with Session(make_engine(db_url)) as session:
        photo, complaint = session.exec(select(Record).order_by(col(Record.id))).all()
        assert (photo.status, photo.merged_into_id) == ("merged", 2)
        assert [a.record_id for a in session.exec(select(Attachment))] == [2]


async def test_in_private_chat_too_a_typed_matter_takes_the_photo_in(db_url: str, tmp_path: Path) -> None:
    _files(tmp_path)
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        {"say_media": "road.png", "kind": "image", "from": RESIDENT},
        {"say": "村口路灯坏了好几天了", "from": RESIDENT},
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    private = texts(sent, to="王秀英")
    assert private[0].startswith("已收到图片，暂存为 #1（待确认）")
    assert private[-1] == "刚才暂存的 #1（待确认）已并入 #2，附件一并转入。"


async def test_a_photo_reclassified_as_an_emergency_alerts_the_tier1_group(db_url: str, tmp_path: Path) -> None:
    _files(tmp_path)
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        _photo(),
        {"say": "/改为 #1 突发", "from": MEMBER, "room": TIER2},
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    assert texts(sent, room=TIER2)[1] == "#1 已由待确认改为突发。"
    [alert] = texts(sent, room="幸福村党员群")
    assert alert.startswith("🚨 突发情况 #1") and "［图片］" in alert


async def test_a_photo_from_a_contact_not_on_the_roster_is_kept_for_the_groups_member(
    db_url: str, tmp_path: Path
) -> None:
    _files(tmp_path)
    steps: list[dict | str] = ["DEMO", {"at": "2026-03-02T09:00:00+08:00"}, _photo(sender="路人甲")]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    assert texts(sent, room=TIER2)[0].startswith("已收到图片，暂存为 #1（待确认），联户党员李建国")
    with Session(make_engine(db_url)) as session:
        [record] = session.exec(select(Record))
        assert record.kind == "unsorted" and record.reporter_id is None
        assert session.exec(select(InboxMessage)).one().state == "processed"
    assert [a.record_id for a in _attachments(db_url)] == [1]
