"""The sounds between the words, made here from sine tones and a little noise (no samples
from anywhere else): a soft tick for the seconds, pips for the countdown, a rising tone as a
hold starts and a falling one as it ends, and a bright click for each hop.

Levels are peak dBFS before mastering, set against speech leveled to about -5 dBFS peaks: the
tick sits well under the voice so fourteen minutes of it never wear; pips, tones and hop clicks
are as clear as a word, so they carry over footsteps in a hallway.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from skill.audio.engines import SAMPLE_RATE
from skill.core.marks import PIP_MS, SIGNAL_MS, SOUNDS

LEVELS_DB = {"tick": -27.0, "pip": -11.0, "go": -9.0, "stop": -9.0, "hop": -8.0, "hop_accent": -8.0}


def _time(ms: float) -> np.ndarray:
    return np.arange(round(SAMPLE_RATE * ms / 1000)) / SAMPLE_RATE


def _envelope(n: int, attack_ms: float, release_ms: float) -> np.ndarray:
    """A flat tone shape with short ramps at both ends (no clicks of its own)."""
    env = np.ones(n)
    a, r = round(SAMPLE_RATE * attack_ms / 1000), round(SAMPLE_RATE * release_ms / 1000)
    env[:a] = np.linspace(0, 1, a)
    env[n - r :] *= np.linspace(1, 0, r)
    return env


def _tone(freq: float, ms: float) -> np.ndarray:
    t = _time(ms)
    # A touch of the octave makes a small speaker carry it better than a pure sine.
    wave = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
    return wave * _envelope(len(t), 4, 25)


def _knock(freqs: tuple[float, ...], ms: float, decay: float, noise: float) -> np.ndarray:
    """A short percussive knock: decaying partials and a burst of noise at the start."""
    t = _time(ms)
    wave = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    burst = np.random.default_rng(7).standard_normal(len(t)) * np.exp(-t * decay * 4)
    return (wave + noise * burst) * np.exp(-t * decay)


def _at_level(wave: np.ndarray, level_db: float) -> np.ndarray:
    return (wave / np.abs(wave).max() * 10 ** (level_db / 20)).astype(np.float32)


@cache
def sound(kind: str) -> np.ndarray:
    """One sound's samples, at its level."""
    if kind == "tick":
        wave = _knock((1900.0, 3100.0), 30, 160, 0.3)
    elif kind == "pip":
        wave = _tone(1320.0, PIP_MS - 30)
    elif kind in ("go", "stop"):
        low, high = _tone(660.0, SIGNAL_MS / 2 - 20), _tone(990.0, SIGNAL_MS / 2)
        wave = np.concatenate([low, high] if kind == "go" else [high, low])
    elif kind == "hop":  # a short bright beep with a click at its start: easy to hop to
        wave = _tone(1800.0, 70) + 0.5 * _knock((3500.0,), 70, 120, 0.4)
    elif kind == "hop_accent":  # higher and longer: the last hops of a set
        wave = _tone(2700.0, 110) + 0.5 * _knock((4500.0,), 110, 120, 0.4)
    else:
        raise ValueError(f"unknown sound {kind!r}; known: {SOUNDS}")
    return _at_level(wave, LEVELS_DB[kind])
