"""Audio the tests make themselves: a sine tone as 16-bit mono WAV."""

from __future__ import annotations

import io
import math
import struct
import wave

RATE = 16_000


def sine_wav(seconds: float = 1.0, hertz: float = 440.0) -> bytes:
    frames = b"".join(
        struct.pack("<h", int(12_000 * math.sin(2 * math.pi * hertz * n / RATE))) for n in range(int(RATE * seconds))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(frames)
    return out.getvalue()
