"""MP3 files the way Alexa's <audio> tag wants them (MPEG-2 layer III, 48 kbps, mono, 24 kHz),
decoded back for checking, with the encoder's start delay taken out.

lameenc starts every file with about 46 ms of encoder delay and writes no header telling a
decoder to skip it, so every sound would play that much late. The delay is measured once (an
impulse through the same encoder settings) and that many samples are dropped from the front of
the silence every file starts with, so each cue sounds at its planned time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lameenc
import miniaudio
import numpy as np
from mutagen.mp3 import MP3, HeaderNotFoundError

from skill.audio.engines import SAMPLE_RATE

BIT_RATE_KBPS = 48
ALLOWED_RATES = (16_000, 22_050, 24_000)
MAX_FILE_S = 240
LENGTH_TOLERANCE_S = 0.15


class Mp3Error(ValueError):
    """A file is not what Alexa plays; the message names it and says what is wrong."""


def _encode(samples: np.ndarray) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(2)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush())


def decode(data: bytes) -> np.ndarray:
    """MP3 bytes to float32 samples at SAMPLE_RATE, as a device's decoder hears them."""
    decoded = miniaudio.decode(
        data, output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1, sample_rate=SAMPLE_RATE
    )
    return np.asarray(decoded.samples, dtype=np.float32)


@cache
def encoder_delay() -> int:
    """Samples of delay the encoder puts before the sound (measured, not assumed)."""
    probe = np.zeros(SAMPLE_RATE, dtype=np.float32)
    at = SAMPLE_RATE // 10
    probe[at], probe[at + 1] = 0.9, -0.9
    heard = decode(_encode(probe))
    return max(int(np.argmax(np.abs(heard))) - at, 0)


def encode(samples: np.ndarray) -> bytes:
    """The MP3 of these samples, with the encoder delay compensated.

    The samples must start with at least the delay's worth of silence (every part and clip
    starts with a breath of it); the same amount of silence is added at the end, so the file
    is as long as planned.
    """
    delay = encoder_delay()
    if np.any(samples[:delay]):
        raise Mp3Error(f"audio must start with {delay} samples of silence to be shifted early")
    shifted = np.concatenate([samples[delay:], np.zeros(delay, dtype=np.float32)])
    return _encode(shifted)


def check(path: Path, duration_ms: int) -> None:
    """Read the file back with mutagen and refuse anything Alexa would not play."""
    try:
        info = MP3(path).info
    except (HeaderNotFoundError, OSError) as exc:
        raise Mp3Error(f"{path}: not a readable MP3 ({exc})") from exc
    problems = []
    if info.version != 2 or info.layer != 3:
        problems.append(f"MPEG version {info.version} layer {info.layer}, not MPEG-2 layer III")
    if info.bitrate != BIT_RATE_KBPS * 1000:
        problems.append(f"bit rate {info.bitrate}, not {BIT_RATE_KBPS * 1000}")
    if info.sample_rate not in ALLOWED_RATES:
        problems.append(f"sample rate {info.sample_rate}")
    if info.length > MAX_FILE_S:
        problems.append(f"{info.length:.1f} s long, over {MAX_FILE_S} s")
    if abs(info.length - duration_ms / 1000) > LENGTH_TOLERANCE_S:
        problems.append(f"{info.length:.2f} s long, planned {duration_ms / 1000:.2f} s")
    if problems:
        raise Mp3Error(f"{path}: " + "; ".join(problems))
