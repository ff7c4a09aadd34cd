"""From the routine to Alexa-ready MP3s and the manifest the skill reads.

Each part of each exercise is laid out by the timeline, its cues spoken by a speech engine,
placed at their times with clicks for hop beats, and encoded as MPEG-2 layer III, 48 kbps,
mono, 24 kHz. Everything is cached: phrases by a hash of text, engine and voice, parts by a
hash of all that makes them, so a rebuild with nothing changed writes nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import lameenc
from mutagen.mp3 import MP3, HeaderNotFoundError

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
from skill.core.timeline import CLICK_MS, Part, build_timeline
from skill.core.words import load_words

BIT_RATE_KBPS = 48
ALLOWED_RATES = (16_000, 22_050, 24_000)
MAX_FILE_S = 240
LENGTH_TOLERANCE_S = 0.15
# Bump when the mixing or encoding changes, so every part is rebuilt.
BUILD_FORMAT = 2


class AudioBuildError(RuntimeError):
    """The audio cannot be built as planned; the message names the exercise and cue."""


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

    @property
    def parts(self) -> int:
        return self.parts_built + self.parts_reused


ProgressCallback = Callable[[int, int, str], None]  # (done, total, what)


def _atomic_write(path: Path, data: bytes) -> None:
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


def _click_pcm() -> bytes:
    """A short, bright tick for each hop: a decaying 1.6 kHz tone."""
    samples = round(SAMPLE_RATE * CLICK_MS / 1000)
    values = (
        round(20_000 * math.exp(-6 * n / samples) * math.sin(2 * math.pi * 1600 * n / SAMPLE_RATE))
        for n in range(samples)
    )
    return b"".join(v.to_bytes(2, "little", signed=True) for v in values)


def _ms_to_bytes(ms: int) -> int:
    return round(ms * SAMPLE_RATE / 1000) * 2


class PhraseCache:
    """Spoken phrases on disk, keyed by text, engine and voice."""

    def __init__(self, root: Path, engine: SpeechEngine, report: BuildReport) -> None:
        self.root = root / ".cache" / "speech"
        self.engine = engine
        self.report = report

    def key(self, text: str) -> str:
        blob = json.dumps([text, self.engine.name, self.engine.voice, SAMPLE_RATE])
        return hashlib.sha256(blob.encode()).hexdigest()[:20]

    def pcm(self, text: str) -> bytes:
        path = self.root / f"{self.key(text)}.pcm"
        if path.exists():
            self.report.phrases_cached += 1
            return path.read_bytes()
        pcm = self.engine.synthesize(text)
        if not pcm:
            raise AudioBuildError(f"the {self.engine.name} voice produced no sound for {text!r}")
        _atomic_write(path, pcm)
        self.report.phrases_synthesised += 1
        return pcm


def part_key(part: Part, engine: SpeechEngine, phrase_keys: Iterable[str]) -> str:
    """A hash of everything that shapes a part's MP3."""
    blob = json.dumps(
        {
            "format": BUILD_FORMAT,
            "rate": SAMPLE_RATE,
            "kbps": BIT_RATE_KBPS,
            "engine": [engine.name, engine.voice],
            "duration": part.duration_ms,
            "cues": [[c.at_ms, c.slot_ms, c.text] for c in part.cues],
            "phrases": list(phrase_keys),
            "clicks": list(part.clicks),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:10]


def mix_part(part: Part, pace: str, phrases: PhraseCache, click: bytes) -> bytes:
    """The part's PCM: silence with each cue and click at its time."""
    buffer = bytearray(_ms_to_bytes(part.duration_ms))
    for cue in part.cues:
        clip = phrases.pcm(cue.text)
        clip_ms = len(clip) * 1000 / 2 / SAMPLE_RATE
        if clip_ms > cue.slot_ms:
            raise AudioBuildError(
                f"exercise '{part.exercise_id}' ({pace}, part {part.index + 1}): the cue "
                f"{cue.text!r} takes {clip_ms / 1000:.2f} s to say but has only "
                f"{cue.slot_ms / 1000:.2f} s before the next cue. Shorten the words in the "
                "routine file or give the step more time."
            )
        start = _ms_to_bytes(cue.at_ms)
        buffer[start : start + len(clip)] = clip
    for at_ms in part.clicks:
        start = _ms_to_bytes(at_ms)
        buffer[start : start + len(click)] = click[: len(buffer) - start]
    return bytes(buffer)


def encode_mp3(pcm: bytes) -> bytes:
    """MPEG-2 layer III, 48 kbps CBR, mono, 24 kHz: what Alexa's <audio> tag accepts."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def check_mp3(path: Path, duration_ms: int) -> None:
    """Read the file back with mutagen and refuse anything Alexa would not play."""
    try:
        info = MP3(path).info
    except (HeaderNotFoundError, OSError) as exc:
        raise AudioBuildError(f"{path}: not a readable MP3 ({exc})") from exc
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
        raise AudioBuildError(f"{path}: " + "; ".join(problems))


INTRO_FOLDER = "intros"
SEND_OFF_FOLDER = "send_offs"
INTRO_LEAD_MS = 300  # a breath before the voice starts
INTRO_TAIL_MS = 700  # and after it, before the part's own "get set"


def spoken_clip(
    text: str,
    name: str,
    folder: str,
    phrases: PhraseCache,
    out_dir: Path,
    locale: str,
    report: BuildReport,
) -> ManifestIntro:
    """One phrase in the audio voice with a breath either side, as its own file."""
    key = phrases.key(text)
    pcm = phrases.pcm(text)
    spoken_ms = len(pcm) * 1000 // 2 // SAMPLE_RATE
    duration_ms = -(-(INTRO_LEAD_MS + spoken_ms + INTRO_TAIL_MS) // 100) * 100
    blob = json.dumps([BUILD_FORMAT, SAMPLE_RATE, BIT_RATE_KBPS, key, duration_ms])
    digest = hashlib.sha256(blob.encode()).hexdigest()[:10]
    relative = f"{locale}/{folder}/{name}-{digest}.mp3"
    path = out_dir / relative
    if not path.exists():
        buffer = bytearray(_ms_to_bytes(duration_ms))
        start = _ms_to_bytes(INTRO_LEAD_MS)
        buffer[start : start + len(pcm)] = pcm
        _atomic_write(path, encode_mp3(bytes(buffer)))
        check_mp3(path, duration_ms)
        report.built.append(relative)
    return ManifestIntro(name, relative, duration_ms, text)


def build_intros(
    routine: Routine,
    phrases: PhraseCache,
    out_dir: Path,
    locale: str,
    report: BuildReport,
) -> dict[str, ManifestIntro]:
    """Each exercise's name and short how-to in the audio voice, for hands-free mode."""
    say = load_words(locale)
    intros = {}
    count = len(routine.exercises)
    for number, exercise in enumerate(routine.exercises, 1):
        text = say(
            "exercise_start", number=number, count=count, name=exercise.name, intro=exercise.intro
        )
        clip = spoken_clip(
            text, f"{exercise.id}-intro", INTRO_FOLDER, phrases, out_dir, locale, report
        )
        intros[exercise.id] = replace(clip, exercise_id=exercise.id)
    return intros


def build_send_offs(
    phrases: PhraseCache, out_dir: Path, locale: str, report: BuildReport
) -> dict[str, ManifestIntro]:
    """The hands-free send-off for each streak and week count: the guided finish, as audio."""
    return {
        key: spoken_clip(text, key, SEND_OFF_FOLDER, phrases, out_dir, locale, report)
        for key, text in send_off_texts(load_words(locale)).items()
    }


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
    report = BuildReport(engine=engine.name)
    phrases = PhraseCache(out_dir, engine, report)
    click = _click_pcm()
    paces = list(paces)
    timelines = [build_timeline(routine, pace) for pace in paces]
    total = sum(len(e.parts) for t in timelines for e in t.exercises)

    built_paces: dict[str, tuple[tuple[ManifestPart, ...], ...]] = {}
    done = 0
    for timeline in timelines:
        pace = timeline.pace
        exercises = []
        for exercise in timeline.exercises:
            parts = []
            for part in exercise.parts:
                keys = [phrases.key(c.text) for c in part.cues]
                name = f"{part.exercise_id}-{part.index}-{part_key(part, engine, keys)}.mp3"
                relative = f"{locale}/{pace}/{name}"
                path = out_dir / relative
                if path.exists():
                    report.parts_reused += 1
                else:
                    _atomic_write(path, encode_mp3(mix_part(part, pace, phrases, click)))
                    check_mp3(path, part.duration_ms)
                    report.parts_built += 1
                    report.built.append(relative)
                report.audio_ms += part.duration_ms
                parts.append(
                    ManifestPart(
                        exercise_id=part.exercise_id,
                        index=part.index,
                        side=part.side,
                        label=part.label,
                        path=relative,
                        duration_ms=part.duration_ms,
                        cues=tuple(ManifestCue(c.at_ms, c.text) for c in part.cues),
                        sides=part.sides,
                    )
                )
                done += 1
                if progress:
                    progress(done, total, f"{pace} {part.exercise_id} {part.label}")
            exercises.append(tuple(parts))
        built_paces[pace] = tuple(exercises)

    intros = build_intros(routine, phrases, out_dir, locale, report)
    send_offs = build_send_offs(phrases, out_dir, locale, report)

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
        _atomic_write(target, text.encode("utf-8"))
        report.manifest_written = True

    listed = manifest.paths()
    for folder in [*built_paces, INTRO_FOLDER, SEND_OFF_FOLDER]:
        for stale in sorted((out_dir / locale / folder).glob("*.mp3")):
            if f"{locale}/{folder}/{stale.name}" not in listed:
                stale.unlink()
                report.files_removed += 1

    report.seconds = time.perf_counter() - started
    return report
