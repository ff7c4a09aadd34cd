"""Speech engines: trimmed with a fade, and cached by everything that shapes a phrase."""

from __future__ import annotations

import numpy as np

from skill.audio.clips import BuildReport, PhraseCache
from skill.audio.engines import SAMPLE_RATE, EspeakEngine, trim


def test_trimming_keeps_a_little_pad_and_fades_both_ends():
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    sound = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    padded = np.concatenate([np.zeros(SAMPLE_RATE), sound, np.zeros(SAMPLE_RATE)])
    trimmed = trim(padded)
    assert SAMPLE_RATE <= len(trimmed) <= SAMPLE_RATE + SAMPLE_RATE // 25
    assert abs(trimmed[0]) < 1e-6 and abs(trimmed[-1]) < 1e-6  # no hard edges
    ramp = np.abs(trimmed[: SAMPLE_RATE // 100])
    assert ramp.max() < 0.5  # still fading in over the first 10 ms


def test_the_phrase_cache_key_follows_engine_version_voice_and_leveling(tmp_path, monkeypatch):
    engine = EspeakEngine()
    cache = PhraseCache(tmp_path, engine, BuildReport())
    key = cache.key("Hop!")
    assert key == PhraseCache(tmp_path, EspeakEngine(), BuildReport()).key("Hop!")
    assert engine.version.startswith("eSpeak")
    for attribute, value in (("version", "eSpeak NG 99"), ("voice", "en-gb-165")):
        other = EspeakEngine()
        monkeypatch.setattr(other, attribute, value, raising=False)
        assert PhraseCache(tmp_path, other, BuildReport()).key("Hop!") != key
    monkeypatch.setattr("skill.audio.loudness.LEVELING", "level-new")
    assert cache.key("Hop!") != key
