"""The terminal chat (`make run`) sends a local file as a photo with `:send 图片 PATH`."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.clock import VirtualClock
from bot.console import Chat
from tests.bot.test_app import START, started


async def test_send_a_photo_from_the_terminal_chat(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, transport = await started(sqlite_url, VirtualClock(START))
    photo = tmp_path / "road.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"road" * 64)
    chat = Chat(app, transport)
    for line in (":as 秀英🌸", ":in 李建国联户群", f":send 图片 {photo}", f":send 图片 {tmp_path / 'missing.jpg'}"):
        assert await chat.handle(line)
    assert [m.text for m in transport.sent] == [
        "已收到图片，暂存为 #1（待确认），联户党员李建国将查看并发送“/改为 #1 诉求|走访|突发”。"
    ]
    assert "无法读取文件" in capsys.readouterr().out
    await app.stop()
