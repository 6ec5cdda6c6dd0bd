"""Voice messages: kept and summarised by the member without a model, transcribed through the seam with one."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.messages import Media
from bot.builder import ApplicationBuilder
from bot.cli import main
from bot.config import Settings
from nlp.asr import SAMPLE_RATE, AsrConfigError, decode_audio, load_transcriber
from storage.media import MediaStore
from storage.models import Attachment, Record
from tests.handlers.pipeline_harness import SPEAKERS, Village
from tests.media.audio import RATE, sine_wav
from tests.replaying import replay_steps, texts

TIER2 = "李建国联户群"
RESIDENT = SPEAKERS["resident"]
SUMMARISE = "语音暂时无法转为文字，请您用文字简要说明一下语音内容。"


def _voice_step() -> dict:
    return {"say_media": "voice.wav", "kind": "voice", "from": RESIDENT, "room": TIER2}


async def test_without_a_model_a_voice_is_kept_and_its_sender_asked_to_summarise(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "tests" / "replays"
    folder.mkdir(parents=True)
    (folder / "voice.wav").write_bytes(sine_wav(1.0))
    steps: list[dict | str] = [
        "DEMO",
        {"at": "2026-03-02T09:00:00+08:00"},
        _voice_step(),
        {"at": "2026-03-02T12:00:00+08:00"},
        {"say": "村口路灯坏了好几天了", "from": RESIDENT, "room": TIER2},
        _voice_step(),
    ]
    sent = await replay_steps(steps, db_url, tmp_path, media_dir=tmp_path / "media")
    assert texts(sent, room=TIER2) == [
        "已收到语音，暂存为 #1（待确认），联户党员李建国将查看并发送“/改为 #1 诉求|走访|突发”。",
        SUMMARISE,
        texts(sent, room=TIER2)[2],
        "已收到语音，已附在 #2（诉求·城乡建设）。",
        SUMMARISE,
    ]
    assert texts(sent, room=TIER2)[2].startswith("已记录 #2（诉求·城乡建设）")


class SpokenWords:
    """A speech engine that heard these words (the real one needs model weights this machine cannot fetch)."""

    def __init__(self, words: str) -> None:
        self.words = words
        self.heard: list[tuple[int, str]] = []

    def transcribe(self, audio: bytes, audio_format: str) -> str | None:
        self.heard.append((len(audio), audio_format))
        return self.words


def test_a_transcribed_voice_is_classified_as_if_typed_with_the_voice_attached(engine: Engine, tmp_path: Path) -> None:
    village = Village(engine)
    engine_heard = SpokenWords("村口路灯坏了好几天了")
    store = MediaStore(tmp_path / "media", 1024 * 1024)
    village.deps = replace(village.deps, media=store, transcribe=engine_heard.transcribe)
    voice = sine_wav(1.0)
    answers = village.say(RESIDENT, "", media=Media("voice", voice, "voice.wav", "audio/wav"))
    assert answers[0].startswith("已记录 #1（诉求·城乡建设），联户党员李建国将跟进")
    assert answers[1] == "语音已转为文字并附在 #1：“村口路灯坏了好几天了”"
    assert engine_heard.heard == [(len(voice), "wav")]
    with Session(engine) as session:
        [record] = session.exec(select(Record)).all()
        [kept] = session.exec(select(Attachment)).all()
        assert record.text == "村口路灯坏了好几天了" and record.kind == "grievance"
        assert (kept.record_id, kept.transcript) == (record.id, "村口路灯坏了好几天了")


def test_a_broken_model_path_stops_the_bot_at_start(tmp_path: Path) -> None:
    with pytest.raises(AsrConfigError, match="no such folder"):
        ApplicationBuilder().settings(Settings(database_url="sqlite://", asr_model=tmp_path / "missing")).build()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(AsrConfigError, match="tokens.txt is missing"):
        load_transcriber(empty)
    (empty / "tokens.txt").write_text("<blk> 0\n")
    with pytest.raises(AsrConfigError, match="model.int8.onnx, model.onnx"):
        load_transcriber(empty)
    (empty / "model.onnx").write_bytes(b"not an onnx model")
    with pytest.raises(AsrConfigError, match="cannot load model.onnx|sherpa-onnx is not installed"):
        load_transcriber(empty)


def test_the_cli_says_why_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LIANHU_ASR_MODEL", str(tmp_path / "missing"))
    monkeypatch.setenv("LIANHU_WEB_PORT", "0")
    with caplog.at_level(logging.CRITICAL):
        assert main(["run", "--db", f"sqlite:///{tmp_path / 'lianhu.db'}"]) == 2
    assert any("LIANHU_ASR_MODEL" in r.getMessage() and "missing" in r.getMessage() for r in caplog.records)


def test_generated_wav_is_decoded_for_the_engine() -> None:
    decoded = decode_audio(sine_wav(0.5), "wav")
    assert decoded is not None
    samples, rate = decoded
    assert rate == RATE == SAMPLE_RATE and len(samples) == RATE // 2
    assert 0.3 < max(samples) < 0.4 and -0.4 < min(samples) < -0.3
    assert decode_audio(b"#!SILK_V3 not decodable here", "wav") is None
    assert decode_audio(b"#!SILK_V3 not decodable here", "silk") is None  # ffmpeg reads no SILK, if installed
