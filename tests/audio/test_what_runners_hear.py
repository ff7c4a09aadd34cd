"""The built MP3s as a runner hears them, decoded and measured: Amazon's loudness, no dead
air, every word on its planned time, the hop beat at 2.5 a second."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from scipy import signal

from skill.audio import loudness, mp3
from skill.audio.build import AudioBuildError, build_audio
from skill.audio.clips import BuildReport, PhraseCache
from skill.audio.engines import SAMPLE_RATE, EspeakEngine, PiperEngine, SpeechEngineError
from skill.core.manifest import load_manifest

RATE = SAMPLE_RATE


def every_file(manifest):
    parts = [p for pace in manifest.paces.values() for ex in pace for p in ex]
    clips = [*manifest.intros.values(), *manifest.send_offs.values()]
    return parts, clips


def decoded(audio_dir: Path, relative: str) -> np.ndarray:
    return mp3.decode((audio_dir / relative).read_bytes())


@pytest.fixture(scope="module")
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def test_every_file_is_at_amazons_loudness_measured_after_decoding(audio_dir, manifest):
    parts, clips = every_file(manifest)
    meter = pyloudnorm.Meter(RATE)
    readings = []
    for item in [*parts, *clips]:
        samples = decoded(audio_dir, item.path).astype(np.float64)
        lufs = meter.integrated_loudness(np.concatenate([samples, np.zeros(RATE // 2)]))
        # True peak as BS.1770-4's annex has it: four times oversampled, the whole file.
        peak = 20 * np.log10(np.abs(signal.resample_poly(samples, 4, 1)).max())
        readings.append((item.path, lufs, peak))
    for path, lufs, peak in readings:
        assert abs(lufs - -14.0) <= 1.0, (path, lufs)
        assert peak <= -2.0, (path, peak)
    assert len(readings) == 13 + 6 + len(manifest.send_offs)


def test_no_part_has_more_than_five_seconds_of_silence(audio_dir, manifest):
    parts, _ = every_file(manifest)
    window = RATE // 20  # 50 ms
    for part in parts:
        samples = decoded(audio_dir, part.path)
        count = len(samples) // window
        rms = np.sqrt((samples[: count * window].reshape(count, window) ** 2).mean(axis=1))
        quiet = 20 * np.log10(rms + 1e-12) < -60
        longest = run = 0
        for is_quiet in quiet:
            run = run + 1 if is_quiet else 0
            longest = max(longest, run)
        assert longest * 0.05 <= 5.0, (part.path, longest * 0.05)


def test_every_cue_starts_within_20_ms_of_the_manifest(audio_dir, manifest):
    """Each cue's words are found in the decoded file by cross-correlation with the phrase."""
    phrases = PhraseCache(audio_dir, EspeakEngine(), BuildReport())
    parts, _ = every_file(manifest)
    checked = 0
    for part in parts:
        samples = decoded(audio_dir, part.path)
        for cue in part.cues:
            words = phrases.samples(cue.text)
            at = round(cue.at_ms * RATE / 1000)
            low = max(at - RATE // 5, 0)
            around = samples[low : at + len(words) + RATE // 5]
            match = np.correlate(around, words, mode="valid")
            found_ms = (low + int(np.argmax(np.abs(match))) - at) * 1000 / RATE
            assert abs(found_ms) <= 20, (part.path, cue.text, found_ms)
            checked += 1
    assert checked > 200


def onsets(samples: np.ndarray, start_ms: int, end_ms: int, level_db: float) -> list[float]:
    """Times (ms) where the 5 ms envelope rises through `level_db` below the span's peak."""
    span = samples[start_ms * RATE // 1000 : end_ms * RATE // 1000]
    hop = RATE // 200
    env = np.abs(span[: len(span) // hop * hop]).reshape(-1, hop).max(axis=1)
    threshold = env.max() * 10 ** (level_db / 20)
    rising = np.flatnonzero((env[1:] >= threshold) & (env[:-1] < threshold)) + 1
    found: list[float] = []
    for i in rising:  # one onset per sound: a double knock is one hop
        if not found or start_ms + i * 5 - found[-1] > 150:
            found.append(start_ms + i * 5)
    return found


def test_hops_click_at_two_and_a_half_a_second_with_the_last_ones_accented(
    audio_dir, manifest, routine
):
    from skill.core.timeline import build_timeline

    for pace in ("standard", "quick"):
        planned = build_timeline(routine, pace).exercises[5].parts[0]
        part = manifest.part(pace, 5, 0)
        samples = decoded(audio_dir, part.path)
        first, last = planned.clicks[0], planned.clicks[19]
        heard = onsets(samples, first - 100, last + 150, -12)
        assert len(heard) == 20, heard
        gaps = np.diff(heard)
        assert np.all(np.abs(gaps - 400) <= 10), gaps  # 2.5 hops a second
        assert abs(heard[0] - first) <= 10
        # The last five are accented: more sound in them, and higher in pitch.
        clicks = [samples[int(t * RATE / 1000) : int((t + 100) * RATE / 1000)] for t in heard]
        energy = [float(np.sum(c.astype(np.float64) ** 2)) for c in clicks]
        freqs = np.fft.rfftfreq(len(clicks[0]), 1 / RATE)
        spectra = [np.abs(np.fft.rfft(c)) for c in clicks]
        brightness = [float((freqs * x).sum() / x.sum()) for x in spectra]  # spectral centroid
        assert min(energy[-5:]) > 1.2 * max(energy[:-5]), energy
        assert min(brightness[-5:]) > max(brightness[:-5]), brightness


def test_a_file_outside_the_loudness_window_stops_the_build_with_its_name(
    tmp_path, monkeypatch, routine
):
    # Mastering that does nothing: the mixed part stays as quiet as it was mixed.
    monkeypatch.setattr(loudness, "master", lambda samples, *a, **k: samples * 0.1)
    with pytest.raises(AudioBuildError) as caught:
        build_audio(routine, EspeakEngine(), out_dir=tmp_path / "audio", paces=["quick"])
    message = str(caught.value)
    assert "en-US/quick/plantar_massage-0-" in message and "LUFS, outside -14 ± 1" in message
    assert not list((tmp_path / "audio").rglob("*.mp3"))  # nothing was written


def piper_or_skip():
    try:
        return PiperEngine()
    except SpeechEngineError as exc:
        pytest.skip(f"piper is optional and not installed here: {exc}")


def test_with_piper_every_file_is_at_amazons_loudness(tmp_path, routine):
    engine = piper_or_skip()
    report = build_audio(routine, engine, out_dir=tmp_path / "audio", paces=["quick"])
    for path, (lufs, peak) in report.loudness.items():
        assert abs(lufs - -14.0) <= 1.0 and peak <= -2.0, (path, lufs, peak)
