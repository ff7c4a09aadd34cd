"""From the routine to Alexa-ready MP3s and the manifest the skill reads.

Each part of each exercise is laid out by the timeline, its cues spoken by a speech engine and
leveled, placed at their times with the ticks, pips, tones and hop clicks, mastered to Amazon's
loudness and encoded as MPEG-2 layer III, 48 kbps, mono, 24 kHz. Everything is cached: phrases
by a hash of all that shapes them, files by a hash of all that makes them, so a rebuild with
nothing changed decodes nothing and writes nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from skill.audio import loudness, mp3
from skill.audio.clips import (
    AudioBuildError,
    BuildReport,
    PhraseCache,
    atomic_write,
    finish_file,
    mix_part,
    sounds_key,
    spoken_clip,
)
from skill.audio.engines import SAMPLE_RATE, SpeechEngine
from skill.core.manifest import (
    Manifest,
    ManifestCue,
    ManifestIntro,
    ManifestPart,
    manifest_path,
    parse_manifest,
)
from skill.core.replies import send_off_texts
from skill.core.routine import PACES, Routine
from skill.core.timeline import Part, build_timeline
from skill.core.words import load_words

__all__ = ["AudioBuildError", "BuildReport", "build_audio"]

# Bump when the mixing or encoding changes, so every file is rebuilt.
BUILD_FORMAT = 3
INTRO_FOLDER = "intros"
SEND_OFF_FOLDER = "send_offs"
CLIP_LEAD_MS = 300  # a breath before a spoken clip
CLIP_TAIL_MS = 700  # and after it, before the part's own "get set"

ProgressCallback = Callable[[int, int, str], None]  # (done, total, what)


def file_key(*shape: object) -> str:
    """A hash of everything that shapes a file, for its name."""
    blob = json.dumps(
        [BUILD_FORMAT, SAMPLE_RATE, mp3.BIT_RATE_KBPS, loudness.LEVELING, *shape],
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def part_key(part: Part, phrases: PhraseCache) -> str:
    return file_key(
        sounds_key(),
        part.duration_ms,
        [[c.at_ms, c.slot_ms, phrases.key(c.text)] for c in part.cues],
        [[s.at_ms, s.kind] for s in part.sounds],
    )


class _Builder:
    """One build: the engine, where files go, and what was done."""

    def __init__(self, engine: SpeechEngine, out_dir: Path, locale: str) -> None:
        self.out_dir, self.locale = out_dir, locale
        self.report = BuildReport(engine=engine.name)
        self.phrases = PhraseCache(out_dir, engine, self.report)

    def part(self, part: Part, pace: str) -> ManifestPart:
        relative = f"{self.locale}/{pace}/{part.exercise_id}-{part.index}-"
        relative += f"{part_key(part, self.phrases)}.mp3"
        path = self.out_dir / relative
        if path.exists():
            self.report.parts_reused += 1
        else:
            mixed = mix_part(part, pace, self.phrases)
            measured = finish_file(mixed, path, relative, part.duration_ms)
            self.report.loudness[relative] = measured
            self.report.parts_built += 1
            self.report.built.append(relative)
        self.report.audio_ms += part.duration_ms
        return ManifestPart(
            exercise_id=part.exercise_id,
            index=part.index,
            side=part.side,
            label=part.label,
            path=relative,
            duration_ms=part.duration_ms,
            cues=tuple(ManifestCue(c.at_ms, c.text) for c in part.cues),
            sides=part.sides,
        )

    def clip(self, text: str, name: str, folder: str) -> ManifestIntro:
        """One phrase in the audio voice, as its own file (an intro or a send-off)."""
        samples, duration_ms, key = spoken_clip(text, self.phrases, CLIP_LEAD_MS, CLIP_TAIL_MS)
        relative = f"{self.locale}/{folder}/{name}-{file_key(key, duration_ms)}.mp3"
        path = self.out_dir / relative
        if not path.exists():
            self.report.loudness[relative] = finish_file(samples, path, relative, duration_ms)
            self.report.built.append(relative)
        return ManifestIntro(name, relative, duration_ms, text)

    def intros(self, routine: Routine) -> dict[str, ManifestIntro]:
        """Each exercise's name and short how-to in the audio voice, for hands-free mode."""
        say, count = load_words(self.locale), len(routine.exercises)
        intros = {}
        for number, exercise in enumerate(routine.exercises, 1):
            text = say(
                "exercise_start",
                number=number,
                count=count,
                name=exercise.name,
                intro=exercise.intro,
            )
            clip = self.clip(text, f"{exercise.id}-intro", INTRO_FOLDER)
            intros[exercise.id] = ManifestIntro(exercise.id, clip.path, clip.duration_ms, text)
        return intros

    def send_offs(self) -> dict[str, ManifestIntro]:
        """The hands-free send-off for each streak and week count: the guided finish, as audio."""
        texts = send_off_texts(load_words(self.locale))
        return {key: self.clip(text, key, SEND_OFF_FOLDER) for key, text in texts.items()}


def _existing_manifest(out_dir: Path, locale: str) -> Manifest | None:
    try:
        return parse_manifest(json.loads(manifest_path(out_dir, locale).read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def build_audio(
    routine: Routine,
    engine: SpeechEngine,
    *,
    out_dir: Path | str,
    locale: str = "en-US",
    paces: Iterable[str] = PACES,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Build every part of the routine at these paces; returns what was done."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    builder = _Builder(engine, out_dir, locale)
    report = builder.report
    timelines = [build_timeline(routine, pace) for pace in paces]
    total = sum(len(e.parts) for t in timelines for e in t.exercises) + 2

    built_paces: dict[str, tuple[tuple[ManifestPart, ...], ...]] = {}
    done = 0
    for timeline in timelines:
        exercises = []
        for exercise in timeline.exercises:
            parts = []
            for part in exercise.parts:
                parts.append(builder.part(part, timeline.pace))
                done += 1
                if progress:
                    progress(done, total, f"{timeline.pace} {part.exercise_id} {part.label}")
            exercises.append(tuple(parts))
        built_paces[timeline.pace] = tuple(exercises)
    intros = builder.intros(routine)
    if progress:
        progress(total - 1, total, "spoken intros")
    send_offs = builder.send_offs()
    if progress:
        progress(total, total, "hands-free send-offs")

    # Paces not rebuilt this time stay in the manifest if they belong to the same routine.
    previous = _existing_manifest(out_dir, locale)
    all_paces = dict(built_paces)
    if previous is not None and previous.routine_version == routine.version:
        for pace, exercises in previous.paces.items():
            all_paces.setdefault(pace, exercises)
    manifest = Manifest(
        locale=locale,
        routine_version=routine.version,
        engine=engine.name,
        paces={pace: all_paces[pace] for pace in PACES if pace in all_paces},
        intros=intros,
        send_offs=send_offs,
    )
    text = json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n"
    target = manifest_path(out_dir, locale)
    if not target.exists() or target.read_text("utf-8") != text:
        atomic_write(target, text.encode("utf-8"))
        report.manifest_written = True

    listed = manifest.paths()
    for folder in [*built_paces, INTRO_FOLDER, SEND_OFF_FOLDER]:
        for stale in sorted((out_dir / locale / folder).glob("*.mp3")):
            if f"{locale}/{folder}/{stale.name}" not in listed:
                stale.unlink()
                report.files_removed += 1

    report.seconds = time.perf_counter() - started
    return report
