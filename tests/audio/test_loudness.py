"""Leveling, limiting and measuring, on made-up signals and real speech."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy import signal

from skill.audio import loudness
from skill.audio.clips import BuildReport, PhraseCache
from skill.audio.engines import SAMPLE_RATE, EspeakEngine, trim

RATE = SAMPLE_RATE


def tone(freq: float, seconds: float, db: float) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (10 ** (db / 20) * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_readings_are_pyloudnorms_and_the_oversampled_peak():
    rng = np.random.default_rng(5)
    noise = (rng.standard_normal(RATE * 30) * 0.05).astype(np.float32)
    noise[: RATE * 10] = 0.0  # silence, where the meter's filters would go denormal
    expected = pyloudnorm.Meter(RATE).integrated_loudness(noise.astype(np.float64))
    assert loudness.integrated_lufs(noise) == pytest.approx(expected, abs=1e-3)
    # A tone near the Nyquist frequency peaks between its samples.
    high = tone(11_000, 1, -3)
    reference = 20 * np.log10(np.abs(signal.resample_poly(high.astype(np.float64), 4, 1)).max())
    assert loudness.true_peak_db(high) == pytest.approx(reference, abs=1e-6)
    assert loudness.true_peak_db(high) > 20 * np.log10(np.abs(high).max())


def test_the_limiter_holds_true_peaks_under_the_ceiling_and_leaves_quiet_audio_alone():
    loud = np.concatenate([tone(1000, 1, -1), tone(300, 1, -20)])
    held = loudness.limit(loud, -3.0)
    assert loudness.true_peak_db(held) <= -3.0 + 0.01
    quiet = tone(300, 1, -20)
    assert np.array_equal(loudness.limit(quiet, -3.0), quiet)
    # Away from the loud second, the gain lets go again.
    assert np.abs(held[RATE + RATE // 2 :]).max() == pytest.approx(10 ** (-20 / 20), rel=1e-3)


def test_every_phrase_comes_out_at_one_loudness_whatever_came_in():
    words = trim(EspeakEngine().synthesize("Halfway there."))
    for gain_db in (-30, -12, 0):
        leveled = loudness.level_phrase(words * 10 ** (gain_db / 20))
        assert loudness.phrase_lufs(leveled) == pytest.approx(loudness.SPEECH_LUFS, abs=0.5)
        assert loudness.true_peak_db(leveled) <= loudness.CEILING_DB + 0.01


def test_short_and_long_phrases_are_leveled_alike(tmp_path):
    phrases = PhraseCache(tmp_path, EspeakEngine(), BuildReport())
    readings = {
        t: loudness.phrase_lufs(phrases.samples(t))
        for t in ("Hop!", "three", "Halfway there.", "Find a tender spot. Press and hold.")
    }
    assert max(readings.values()) - min(readings.values()) <= 1.0, readings


def test_a_reading_outside_the_window_names_the_file():
    with pytest.raises(loudness.LoudnessError, match=r"en-US/x\.mp3: .*LUFS, outside -14 ± 1"):
        loudness.check("en-US/x.mp3", tone(1000, 3, -30))
    with pytest.raises(loudness.LoudnessError, match=r"true peak .* above -2"):
        loudness.check("en-US/y.mp3", loudness.limit(tone(1000, 3, 0), -1.0))
    assert loudness.check("en-US/z.mp3", loudness.master(tone(1000, 3, -30)))
