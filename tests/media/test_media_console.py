"""The console's record page shows a record's photos inline and its voice playable, behind the login."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine

from base.messages import Media
from bot.web.server import build_app
from storage.db import session_scope
from storage.media import MediaStore
from tests.bot.web.console_harness import console_village, other_village_record, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village
from tests.media.audio import sine_wav

RESIDENT = SPEAKERS["resident"]
PHOTO = b"\x89PNG\r\n\x1a\n" + b"road" * 100
VOICE = sine_wav(0.5)


@pytest.fixture
def village(engine: Engine, tmp_path: Path) -> Village:
    village = console_village(engine)
    village.deps = replace(village.deps, media=MediaStore(tmp_path / "media", 1024 * 1024))
    return village


@pytest.fixture
async def client(engine: Engine, village: Village) -> AsyncIterator[TestClient]:
    app = build_app(engine, village.clock, media=village.deps.media)
    async with TestClient(TestServer(app)) as client:
        yield client


def _complaint_with_photo_and_voice(village: Village) -> None:
    assert village.say(RESIDENT, "村口路灯坏了好几天了")[0].startswith("已记录 #1")
    village.say(RESIDENT, "", media=Media("image", PHOTO, "road.png", "image/png"))
    village.say(RESIDENT, "", media=Media("voice", VOICE, "voice.wav", "audio/wav"))


async def test_the_record_page_shows_the_photo_inline_and_the_voice_playable(
    client: TestClient, village: Village
) -> None:
    _complaint_with_photo_and_voice(village)
    assert (await client.get("/media/1")).status == 401
    await sign_in(client, village)
    page = await (await client.get("/records/1")).text()
    assert "附件（2）" in page
    images = re.findall(r'<img src="(/media/\d+)"', page)
    audio = re.findall(r'<audio controls preload="none" src="(/media/\d+)"', page)
    assert len(images) == 1 and len(audio) == 1
    photo = await client.get(images[0])
    assert photo.status == 200 and photo.content_type == "image/png" and await photo.read() == PHOTO
    voice = await client.get(audio[0])
    assert voice.status == 200 and voice.content_type == "audio/wav" and await voice.read() == VOICE
    assert "media-src 'self'" in voice.headers["Content-Security-Policy"]


async def test_another_organisations_media_is_not_found(client: TestClient, village: Village) -> None:
    theirs = other_village_record(village.engine, START)
    assert village.deps.media is not None
    with session_scope(village.engine) as session:
        village.say(RESIDENT, "", media=Media("image", PHOTO, "road.png", "image/png"))
        kept = village.deps.media.keep(session, "t-1", Media("image", b"theirs", "x.png", "image/png"), START)
        kept.record_id = theirs
        session.flush()
        number = kept.id
    await sign_in(client, village)
    response = await client.get(f"/media/{number}")
    assert response.status == 404 and "没有找到" in await response.text()
    assert (await client.get("/media/999")).status == 404
