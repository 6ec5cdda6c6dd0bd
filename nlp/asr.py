"""Voice to text: `transcribe(audio, format)` behind one interface, with sherpa-onnx as the real engine.

No database and no WeChat here. The operator points `LIANHU_ASR_MODEL` at a sherpa-onnx model folder
(a SenseVoice or Paraformer export: `tokens.txt` beside `model.onnx` / `model.int8.onnx`); without one,
voice messages are kept and the member is asked to summarise them. WAV is read with the standard
library; other formats (AMR, MP3, M4A, …) are converted by `ffmpeg` when it is installed. WeChat's own
SILK v3 voice is not something ffmpeg decodes: such a message is kept untranscribed, as without a model.
"""

from __future__ import annotations

import array
import io
import logging
import shutil
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
FFMPEG_SECONDS = 60
MODEL_FILES = ("model.int8.onnx", "model.onnx")


class AsrConfigError(Exception):
    """The configured model cannot be used; raised at start, so the operator sees it at once."""


class Transcriber(Protocol):
    def transcribe(self, audio: bytes, audio_format: str) -> str | None:
        """The words spoken, or None when the audio cannot be decoded or holds no speech."""


def decode_audio(audio: bytes, audio_format: str) -> tuple[list[float], int] | None:
    """Mono samples in [-1, 1] and their rate, or None when this audio cannot be read here."""
    if audio_format.lower() in ("wav", "wave", "audio/wav", "audio/x-wav"):
        return _read_wav(audio)
    return _ffmpeg_to_pcm(audio)


def _read_wav(audio: bytes) -> tuple[list[float], int] | None:
    try:
        with wave.open(io.BytesIO(audio)) as reader:
            width, channels, rate = reader.getsampwidth(), reader.getnchannels(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as error:
        log.warning("unreadable WAV voice message: %s", error)
        return None
    if width != 2:
        log.warning("WAV voice message with %d-byte samples not supported", width)
        return None
    return _pcm16_to_floats(frames, channels), rate


def _ffmpeg_to_pcm(audio: bytes) -> tuple[list[float], int] | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        log.warning("voice message not transcribed: converting it needs ffmpeg (apt-get install ffmpeg)")
        return None
    command = [ffmpeg, "-nostdin", "-loglevel", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "1"]
    command += ["-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, input=audio, capture_output=True, timeout=FFMPEG_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("ffmpeg could not convert a voice message: %s", error)
        return None
    if done.returncode != 0 or not done.stdout:
        log.warning("ffmpeg could not convert a voice message: %s", done.stderr.decode(errors="replace")[:300])
        return None
    return _pcm16_to_floats(done.stdout, 1), SAMPLE_RATE


def _pcm16_to_floats(frames: bytes, channels: int) -> list[float]:
    samples = array.array("h")
    samples.frombytes(frames[: len(frames) - len(frames) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return [value / 32768.0 for value in samples[::channels]]


class SherpaOnnxTranscriber:
    """An offline sherpa-onnx recognizer, loaded once at start."""

    def __init__(self, model_dir: Path, num_threads: int = 1) -> None:
        model, tokens = _model_files(model_dir)
        try:
            import sherpa_onnx  # type: ignore[import-not-found]
        except ImportError as error:
            raise AsrConfigError(
                f"LIANHU_ASR_MODEL is set ({model_dir}) but sherpa-onnx is not installed: pip install 'lianhu[asr]'"
            ) from error
        factory = sherpa_onnx.OfflineRecognizer
        try:
            if "paraformer" in model_dir.name.lower():
                self._recognizer: Any = factory.from_paraformer(
                    paraformer=str(model), tokens=str(tokens), num_threads=num_threads
                )
            else:
                self._recognizer = factory.from_sense_voice(
                    model=str(model), tokens=str(tokens), num_threads=num_threads, use_itn=True
                )
        except Exception as error:  # noqa: BLE001 — the engine raises several kinds for a bad model
            raise AsrConfigError(
                f"LIANHU_ASR_MODEL {model_dir}: sherpa-onnx cannot load {model.name}: {error}"
            ) from error

    def transcribe(self, audio: bytes, audio_format: str) -> str | None:
        decoded = decode_audio(audio, audio_format)
        if decoded is None:
            return None
        samples, rate = decoded
        stream = self._recognizer.create_stream()
        stream.accept_waveform(rate, samples)
        self._recognizer.decode_stream(stream)
        text = str(stream.result.text).strip()
        return text or None


def _model_files(model_dir: Path) -> tuple[Path, Path]:
    if not model_dir.is_dir():
        raise AsrConfigError(f"LIANHU_ASR_MODEL {model_dir}: no such folder")
    tokens = model_dir / "tokens.txt"
    if not tokens.is_file():
        raise AsrConfigError(f"LIANHU_ASR_MODEL {model_dir}: tokens.txt is missing")
    model = next((model_dir / name for name in MODEL_FILES if (model_dir / name).is_file()), None)
    if model is None:
        raise AsrConfigError(f"LIANHU_ASR_MODEL {model_dir}: none of {', '.join(MODEL_FILES)} is there")
    return model, tokens


def load_transcriber(model_dir: Path | None) -> Transcriber | None:
    """The configured engine, or None when no model is configured; a broken model raises `AsrConfigError`."""
    if model_dir is None:
        return None
    transcriber = SherpaOnnxTranscriber(model_dir)
    log.info("voice messages are transcribed with the sherpa-onnx model in %s", model_dir)
    return transcriber
