"""The audio manifest: what `foot-warmup build-audio` made, and all the skill knows of audio.

Layout on disk: `<audio_dir>/<locale>/manifest.json`, and MP3 files whose paths (relative to
`<audio_dir>`, POSIX style) the manifest lists, e.g. `en-US/standard/pogo_hops-0-1a2b3c4d.mp3`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.core.place import Shape

MANIFEST_FORMAT = 2


class ManifestError(RuntimeError):
    """The manifest is missing or unreadable; the message tells the host what to run."""


@dataclass(frozen=True)
class ManifestCue:
    """A cue the audio speaks, for captions and screens."""

    at_ms: int
    text: str


@dataclass(frozen=True)
class ManifestPart:
    """One audio file of one exercise."""

    exercise_id: str
    index: int
    side: str
    label: str
    path: str
    duration_ms: int
    cues: tuple[ManifestCue, ...]
    sides: tuple[tuple[int, str], ...] = ()  # (from ms, side): which foot is working when

    def side_at(self, offset_ms: int) -> tuple[str, str | None]:
        """The side working at this offset, and the one after it in this part (if any)."""
        sides = self.sides or ((0, self.side),)
        current = [s for at, s in sides if at <= offset_ms] or [sides[0][1]]
        later = [s for at, s in sides if at > offset_ms]
        return current[-1], later[0] if later else None


@dataclass(frozen=True)
class ManifestIntro:
    """A clip spoken in the audio voice: an exercise's intro, or a hands-free send-off."""

    exercise_id: str  # or the send-off's key
    path: str
    duration_ms: int
    text: str


@dataclass(frozen=True)
class Manifest:
    """Every part of every exercise at every pace, for one locale."""

    locale: str
    routine_version: str
    engine: str
    paces: dict[str, tuple[tuple[ManifestPart, ...], ...]]  # pace -> exercises -> parts
    intros: dict[str, ManifestIntro] = field(default_factory=dict)  # exercise id -> intro
    send_offs: dict[str, ManifestIntro] = field(default_factory=dict)  # "streak-3" -> clip

    def parts(self, pace: str, exercise: int) -> tuple[ManifestPart, ...]:
        """The parts of one exercise (0-based) at one pace."""
        return self.paces[pace][exercise]

    def part(self, pace: str, exercise: int, part: int) -> ManifestPart:
        """One part."""
        return self.paces[pace][exercise][part]

    def shape(self) -> Shape:
        """How many parts each exercise has, per pace."""
        return {pace: tuple(len(parts) for parts in ex) for pace, ex in self.paces.items()}

    def paths(self) -> frozenset[str]:
        """Every audio path the manifest lists: the only files the web server may serve."""
        parts = {p.path for ex in self.paces.values() for parts in ex for p in parts}
        clips = [*self.intros.values(), *self.send_offs.values()]
        return frozenset(parts | {clip.path for clip in clips})

    def to_json(self) -> dict[str, Any]:
        """The on-disk form."""
        return {
            "format": MANIFEST_FORMAT,
            "locale": self.locale,
            "routine_version": self.routine_version,
            "engine": self.engine,
            "intros": _clips_json(self.intros),
            "send_offs": _clips_json(self.send_offs),
            "paces": {
                pace: [
                    {
                        "exercise_id": parts[0].exercise_id if parts else "",
                        "parts": [
                            {
                                "index": p.index,
                                "side": p.side,
                                "label": p.label,
                                "path": p.path,
                                "duration_ms": p.duration_ms,
                                "cues": [{"at_ms": c.at_ms, "text": c.text} for c in p.cues],
                                "sides": [[at, side] for at, side in p.sides],
                            }
                            for p in parts
                        ],
                    }
                    for parts in exercises
                ]
                for pace, exercises in self.paces.items()
            },
        }


def _clips_json(clips: dict[str, ManifestIntro]) -> dict[str, Any]:
    return {
        key: {"path": c.path, "duration_ms": c.duration_ms, "text": c.text}
        for key, c in clips.items()
    }


def _clips(data: Any) -> dict[str, ManifestIntro]:
    return {
        str(key): ManifestIntro(
            exercise_id=str(key),
            path=str(clip["path"]),
            duration_ms=int(clip["duration_ms"]),
            text=str(clip["text"]),
        )
        for key, clip in (data or {}).items()
    }


def manifest_path(audio_dir: Path, locale: str) -> Path:
    """Where the manifest of a locale lives."""
    return Path(audio_dir) / locale / "manifest.json"


def parse_manifest(data: Any) -> Manifest:
    """Build a Manifest from its JSON form; ValueError/KeyError/TypeError if it is malformed."""
    if data.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"unknown manifest format {data.get('format')!r}")
    paces: dict[str, tuple[tuple[ManifestPart, ...], ...]] = {}
    for pace, exercises in data["paces"].items():
        paces[pace] = tuple(
            tuple(
                ManifestPart(
                    exercise_id=str(ex["exercise_id"]),
                    index=int(p["index"]),
                    side=str(p["side"]),
                    label=str(p["label"]),
                    path=str(p["path"]),
                    duration_ms=int(p["duration_ms"]),
                    cues=tuple(ManifestCue(int(c["at_ms"]), str(c["text"])) for c in p["cues"]),
                    sides=tuple((int(at), str(side)) for at, side in p.get("sides", [])),
                )
                for p in ex["parts"]
            )
            for ex in exercises
        )
    return Manifest(
        locale=str(data["locale"]),
        routine_version=str(data["routine_version"]),
        engine=str(data["engine"]),
        paces=paces,
        intros=_clips(data.get("intros")),
        send_offs=_clips(data.get("send_offs")),
    )


def load_manifest(audio_dir: Path | str, locale: str) -> Manifest:
    """Read the manifest of a locale; ManifestError says how to build it if it is not there."""
    path = manifest_path(Path(audio_dir), locale)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(
            f"No audio manifest at {path}. Build the audio first: "
            f"foot-warmup build-audio --out {audio_dir}"
        ) from exc
    except (OSError, ValueError) as exc:
        raise ManifestError(f"Cannot read the audio manifest {path}: {exc}") from exc
    try:
        return parse_manifest(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(
            f"The audio manifest {path} is malformed ({exc!r}). Rebuild it: "
            f"foot-warmup build-audio --locale {locale} --out {audio_dir}"
        ) from exc
