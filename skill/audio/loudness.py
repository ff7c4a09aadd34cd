"""Loudness as Amazon asks for it: each file about -14 LUFS integrated (BS.1770), true peak at
or below -2 dBTP, measured on the decoded MP3.

Every phrase of every engine is first leveled to one speech loudness and compressed, so "Hop!"
and "Halfway there." sound alike; each mixed file is then brought to the target with a gain
and a look-ahead limiter. Loudness comes from pyloudnorm (BS.1770-4, gated); true peak from the
samples oversampled four times, as BS.1770-4's annex describes, with scipy. The compressor is
pedalboard's. Its Limiter is not used: it adds make-up gain and clips at 0 dBFS, where a
ceiling below full scale is needed, so the short look-ahead limiter below does that job.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pedalboard
import pyloudnorm
from scipy import ndimage, signal

from skill.audio.engines import SAMPLE_RATE

TARGET_LUFS = -14.0
TOLERANCE_LU = 1.0
MAX_TRUE_PEAK_DB = -2.0
SPEECH_LUFS = -12.0  # every phrase, measured on 100 ms blocks, before mixing
CLIP_KNEE_DB = -8.0  # where the soft clipper starts to round off a phrase's peaks
CEILING_DB = -3.5  # where the limiter holds peaks: under Amazon's limit, for the MP3 to overshoot
LOOKAHEAD_MS = 3.0
RELEASE_MS = 60.0
# 48 kbps MP3 drops the highest frequencies, which the K-weighting counts: a file measures
# about this much quieter decoded than before encoding, so mastering aims this much higher.
ENCODER_LOSS_LU = 0.4
# Bumped whenever leveling or mastering changes, so cached phrases and files are redone.
LEVELING = "level-2"


class LoudnessError(ValueError):
    """A file is outside Amazon's loudness guidance."""


@cache
def _meter(block_s: float) -> pyloudnorm.Meter:
    return pyloudnorm.Meter(SAMPLE_RATE, block_size=block_s)


def _prepared(samples: np.ndarray) -> np.ndarray:
    """Samples as pyloudnorm wants them: float64, at least one 400 ms block long, and with
    noise 180 dB down added. The noise changes no reading, but keeps the K-weighting filters
    out of denormal numbers in the silences, which made pyloudnorm six times slower."""
    pad = max(int(SAMPLE_RATE * 0.4) - len(samples), 0)
    data = np.concatenate([samples, np.zeros(pad)]).astype(np.float64)
    return data + _hiss(len(data))


@cache
def _noise() -> np.ndarray:
    return np.random.default_rng(0).standard_normal(SAMPLE_RATE * 250) * 1e-9


def _hiss(length: int) -> np.ndarray:
    noise = _noise()
    return np.resize(noise, length) if length > len(noise) else noise[:length]


def integrated_lufs(samples: np.ndarray) -> float:
    """BS.1770-4 gated integrated loudness, by pyloudnorm (-inf for silence)."""
    return float(_meter(0.4).integrated_loudness(_prepared(samples)))


def phrase_lufs(samples: np.ndarray) -> float:
    """Loudness of a short phrase: BS.1770 gating on 100 ms blocks, so one word can be read."""
    return float(_meter(0.1).integrated_loudness(_prepared(samples)))


# The anti-imaging filter scipy's resample_poly designs for 4x, designed once.
_FIR = signal.firwin(81, 1 / 4, window=("kaiser", 5.0)) * 4
_FIR_DELAY = (len(_FIR) - 1) // 2


def _oversampled(samples: np.ndarray) -> np.ndarray:
    """Each sample's true peak: the highest of the four oversampled values from it on."""
    over = np.abs(signal.upfirdn(_FIR, samples.astype(np.float64), up=4))
    return over[_FIR_DELAY : _FIR_DELAY + 4 * len(samples)].reshape(-1, 4).max(axis=1)


def _loud_spans(samples: np.ndarray, level: float, pad: int) -> list[tuple[int, int]]:
    """Stretches where the samples reach `level`, widened by `pad` and merged when less than
    half a second apart: the only places a peak or a limiter's gain can matter (most of a
    part is ticks and silence)."""
    loud = np.flatnonzero(np.abs(samples) >= level)
    if not len(loud):
        return []
    breaks = np.flatnonzero(np.diff(loud) > 2 * pad + SAMPLE_RATE // 2)
    starts = np.concatenate([[loud[0]], loud[breaks + 1]]) - pad
    ends = np.concatenate([loud[breaks], [loud[-1]]]) + pad + 1
    return [(max(int(a), 0), min(int(b), len(samples))) for a, b in zip(starts, ends, strict=True)]


def true_peak_db(samples: np.ndarray) -> float:
    """True peak in dBTP (4x oversampling, as BS.1770-4's annex describes). Only stretches
    within 6 dB of the highest sample are oversampled: nowhere else can a peak reach it."""
    if not len(samples) or not np.any(samples):
        return -240.0
    level = float(np.abs(samples).max()) * 10 ** (-6 / 20)
    peak = max(_oversampled(samples[a:b]).max() for a, b in _loud_spans(samples, level, 64))
    return 20 * np.log10(max(float(peak), 1e-12))


def _gain(samples: np.ndarray, db: float) -> np.ndarray:
    return (samples * 10 ** (db / 20)).astype(np.float32)


def limit(
    samples: np.ndarray, ceiling_db: float = CEILING_DB, heard: np.ndarray | None = None
) -> np.ndarray:
    """Hold true peaks under the ceiling: the gain needed at each peak, reached a few
    milliseconds early (look-ahead) and let go smoothly (release). With `heard` (the same
    audio after encoding and decoding), the peaks are those the listener will get: the MP3
    encoder can push a transient several dB above what went in."""
    measured = samples if heard is None else heard[: len(samples)]
    ceiling = 10 ** (ceiling_db / 20)
    ahead = max(round(SAMPLE_RATE * LOOKAHEAD_MS / 1000), 1)
    release = max(round(SAMPLE_RATE * RELEASE_MS / 1000), 1)
    result = samples.astype(np.float32).copy()
    # Inter-sample peaks rise at most a few dB above the samples: start looking 4 dB under.
    for a, b in _loud_spans(measured, ceiling * 10 ** (-4 / 20), 2 * ahead + 2 * release):
        need = np.minimum(1.0, ceiling / np.maximum(_oversampled(measured[a:b]), 1e-9))
        if need.min() >= 1.0:
            continue
        # A minimum over twice the look-ahead, then its average: every gain near a peak is at
        # most what that peak needs, and the gain moves smoothly into and out of it.
        gain = ndimage.minimum_filter1d(need, size=2 * ahead + 1, mode="nearest")
        gain = ndimage.uniform_filter1d(gain, ahead, mode="nearest")
        held = ndimage.minimum_filter1d(gain, size=release, mode="nearest")
        gain = np.minimum(gain, ndimage.uniform_filter1d(held, release, mode="nearest"))
        result[a:b] *= gain.astype(np.float32)
    return result


def soft_clip(samples: np.ndarray, knee_db: float = CLIP_KNEE_DB) -> np.ndarray:
    """Round off peaks above the knee (tanh), four times oversampled so the rounding adds no
    harsh aliasing: it takes speech's few tall peaks down by 3 to 5 dB, which a compressor,
    too slow for a voice's pitch pulses, cannot."""
    knee = 10 ** (knee_db / 20)
    over = signal.resample_poly(samples.astype(np.float64), 4, 1)
    rounded = signal.resample_poly(knee * np.tanh(over / knee), 1, 4)
    return rounded[: len(samples)].astype(np.float32)


def level_phrase(samples: np.ndarray) -> np.ndarray:
    """One phrase at the speech loudness: compressed, its peaks rounded off, then leveled and
    held under the ceiling, so every word of every engine sounds equally loud."""
    if not len(samples) or not np.any(samples):
        return samples.astype(np.float32)
    leveled = _gain(samples, -14.0 - phrase_lufs(samples))
    compressor = pedalboard.Compressor(
        threshold_db=-26.0, ratio=3.0, attack_ms=2.0, release_ms=60.0
    )
    squeezed = compressor(leveled.reshape(1, -1), SAMPLE_RATE).reshape(-1)
    rounded = soft_clip(_gain(squeezed, -14.0 - phrase_lufs(squeezed)))
    return limit(_gain(rounded, SPEECH_LUFS - phrase_lufs(rounded)))


def master(
    samples: np.ndarray, target_lufs: float = TARGET_LUFS, ceiling_db: float = CEILING_DB
) -> np.ndarray:
    """A whole file at the target loudness with its peaks under the ceiling: gain, then
    limiting, until the loudness settles. (The phrases were compressed and rounded when they
    were leveled, and the sounds are made with little crest, so little limiting is needed.)"""
    loudness = integrated_lufs(samples)
    if not np.isfinite(loudness):
        return samples.astype(np.float32)
    result = _gain(samples, target_lufs - loudness)
    for _ in range(4):  # limiting lowers loudness a little: close in on the target
        loudness = integrated_lufs(result)
        if abs(loudness - target_lufs) < 0.15:
            break
        result = limit(_gain(result, target_lufs - loudness), ceiling_db)
    return limit(result, ceiling_db)


def check(name: str, samples: np.ndarray) -> tuple[float, float]:
    """(loudness, true peak) of decoded audio; LoudnessError naming the file if outside."""
    loudness, peak = integrated_lufs(samples), true_peak_db(samples)
    problems = []
    if not abs(loudness - TARGET_LUFS) <= TOLERANCE_LU:
        problems.append(f"{loudness:.1f} LUFS, outside {TARGET_LUFS:g} ± {TOLERANCE_LU:g}")
    if peak > MAX_TRUE_PEAK_DB:
        problems.append(f"true peak {peak:.1f} dBTP, above {MAX_TRUE_PEAK_DB:g}")
    if problems:
        raise LoudnessError(f"{name}: " + "; ".join(problems))
    return loudness, peak
