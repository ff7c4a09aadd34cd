"""From samples to finished files: phrases cached, parts mixed, every file mastered, encoded,
decoded again and measured before it is written."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from skill.audio import loudness, mp3
from skill.audio.engines import SAMPLE_RATE, SpeechEngine
from skill.audio.sounds import LEVELS_DB, sound
from skill.core.marks import SOUNDS
from skill.core.timeline import Part


class AudioBuildError(RuntimeError):
    """The audio cannot be built as planned; the message names the file or the cue."""


@dataclass
class BuildReport:
    """What a build did, for the summary line and the benchmark."""

    engine: str = ""
    parts_built: int = 0
    parts_reused: int = 0
    phrases_synthesised: int = 0
    phrases_cached: int = 0
    files_removed: int = 0
    manifest_written: bool = False
    audio_ms: int = 0
    seconds: float = 0.0
    built: list[str] = field(default_factory=list)
    loudness: dict[str, tuple[float, float]] = field(default_factory=dict)  # path -> LUFS, dBTP

    @property
    def parts(self) -> int:
        return self.parts_built + self.parts_reused


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file and rename, so a crash never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def samples_for(ms: int) -> int:
    return round(ms * SAMPLE_RATE / 1000)


class PhraseCache:
    """Spoken, leveled phrases on disk, keyed by everything that shapes them."""

    def __init__(self, root: Path, engine: SpeechEngine, report: BuildReport) -> None:
        self.root = root / ".cache" / "speech"
        self.engine = engine
        self.report = report

    def key(self, text: str) -> str:
        engine = self.engine
        shape = [text, engine.name, engine.version, engine.voice, loudness.LEVELING, SAMPLE_RATE]
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:20]

    def samples(self, text: str) -> np.ndarray:
        path = self.root / f"{self.key(text)}.f32"
        if path.exists():
            self.report.phrases_cached += 1
            return np.frombuffer(path.read_bytes(), dtype=np.float32)
        spoken = self.engine.synthesize(text)
        if not len(spoken) or not np.any(spoken):
            raise AudioBuildError(f"the {self.engine.name} voice produced no sound for {text!r}")
        leveled = loudness.level_phrase(spoken)
        atomic_write(path, leveled.astype(np.float32).tobytes())
        self.report.phrases_synthesised += 1
        return leveled


def sounds_key() -> str:
    """What the non-speech sounds are, for the part keys: their levels and their very samples,
    so a new click, tone or pip length rebuilds the parts."""
    digest = hashlib.sha256(json.dumps(sorted(LEVELS_DB.items())).encode())
    for kind in sorted(SOUNDS):
        digest.update(kind.encode())
        digest.update(sound(kind).tobytes())
    return digest.hexdigest()[:8]


def mix_part(part: Part, pace: str, phrases: PhraseCache) -> np.ndarray:
    """The part's samples: each cue's words and each sound at its time."""
    mix = np.zeros(samples_for(part.duration_ms), dtype=np.float32)
    for cue in part.cues:
        clip = phrases.samples(cue.text)
        clip_ms = len(clip) * 1000 / SAMPLE_RATE
        if clip_ms > cue.slot_ms:
            raise AudioBuildError(
                f"exercise '{part.exercise_id}' ({pace}, part {part.index + 1}): the cue "
                f"{cue.text!r} takes {clip_ms / 1000:.2f} s to say but has only "
                f"{cue.slot_ms / 1000:.2f} s before the next cue. Shorten the words in the "
                "routine file or give the step more time."
            )
        start = samples_for(cue.at_ms)
        mix[start : start + len(clip)] += clip[: len(mix) - start]
    for event in part.sounds:
        wave = sound(event.kind)
        start = samples_for(event.at_ms)
        mix[start : start + len(wave)] += wave[: len(mix) - start]
    return mix


def finish_file(samples: np.ndarray, path: Path, relative: str, duration_ms: int) -> tuple:
    """Master, encode, decode and measure; write only a file that passes. (LUFS, dBTP).

    The encoder changes both readings: it trims the highs the loudness meter weighs, so the
    master aims a little above the target; and it can push a transient past the ceiling, so
    each peak the decoded file shows over the limit is turned down where it happened.
    """
    target = loudness.TARGET_LUFS + loudness.ENCODER_LOSS_LU
    mastered = loudness.master(samples, target)
    for _ in range(8):
        data = mp3.encode(mastered)
        heard = mp3.decode(data)
        measured = loudness.integrated_lufs(heard)
        peak = loudness.true_peak_db(heard)
        aimed = abs(measured - loudness.TARGET_LUFS) <= 0.4
        if aimed and peak <= loudness.MAX_TRUE_PEAK_DB - 0.1:
            break
        if not aimed:
            target += loudness.TARGET_LUFS - measured
            mastered = loudness.master(samples, target)
        if peak > loudness.MAX_TRUE_PEAK_DB - 0.1:
            heard = mp3.decode(mp3.encode(mastered)) if not aimed else heard
            mastered = loudness.limit(mastered, loudness.MAX_TRUE_PEAK_DB - 0.5, heard)
    try:
        result = loudness.check(relative, heard)
    except loudness.LoudnessError as exc:
        raise AudioBuildError(f"{exc}. The file was not written.") from exc
    atomic_write(path, data)
    try:
        mp3.check(path, duration_ms)
    except mp3.Mp3Error as exc:
        path.unlink(missing_ok=True)
        raise AudioBuildError(str(exc)) from exc
    return result


def spoken_clip(
    text: str, phrases: PhraseCache, lead_ms: int, tail_ms: int
) -> tuple[np.ndarray, int, str]:
    """A phrase with a breath of silence either side: (samples, duration, cache key)."""
    voice = phrases.samples(text)
    spoken_ms = len(voice) * 1000 // SAMPLE_RATE
    duration_ms = -(-(lead_ms + spoken_ms + tail_ms) // 100) * 100
    mix = np.zeros(samples_for(duration_ms), dtype=np.float32)
    start = samples_for(lead_ms)
    mix[start : start + len(voice)] = voice
    return mix, duration_ms, phrases.key(text)
