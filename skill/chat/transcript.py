"""Answers as a transcript: what Alexa would say, each audio clip as its timed cues; and the
machine's MP3 player, for those who want to hear it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import cache
from typing import Any

from skill.core.manifest import Manifest
from skill.core.routine_file import load_routine

AUDIO_TAG = re.compile(r'<audio src="([^"]+)"/>')


def minutes(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def render(answer: dict[str, Any], manifest: Manifest | None) -> list[str]:
    """What Alexa would say: plain text, each audio clip as its duration and timed cues."""
    speech = answer.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    parts_by_path = {}
    if manifest is not None:
        for exercises in manifest.paces.values():
            for parts in exercises:
                for part in parts:
                    parts_by_path[part.path] = part
    lines: list[str] = []
    for index, piece in enumerate(
        AUDIO_TAG.split(speech.replace("<speak>", "").replace("</speak>", ""))
    ):
        if index % 2 == 0:
            text = html.unescape(re.sub(r"<[^>]+>", "", piece)).strip()
            if text:
                lines.append(text)
            continue
        path = piece.split("/audio/", 1)[-1]
        part = parts_by_path.get(path)
        if part is None:
            lines.append(f"[audio {piece}]")
            continue
        name = exercise_names(manifest.locale).get(part.exercise_id, part.exercise_id)
        lines.append(f"[audio {minutes(part.duration_ms)}: {name}, {part.label}]")
        lines.extend(f"   {minutes(cue.at_ms)}  {cue.text}" for cue in part.cues)
    return lines


@cache
def exercise_names(locale: str) -> dict[str, str]:
    """Exercise id -> its name in the locale's words."""
    return {e.id: e.name for e in load_routine(locale=locale).exercises}


def audio_files(answer: dict[str, Any]) -> list[str]:
    """The audio URLs an answer plays."""
    speech = answer.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    return AUDIO_TAG.findall(speech)


PLAYERS = (
    ["mpg123", "-q"],
    ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"],
    ["mpv", "--no-video"],
    ["play", "-q"],
)


def find_player() -> list[str] | None:
    """A command-line MP3 player on this machine, if there is one."""
    for command in PLAYERS:
        if shutil.which(command[0]):
            return command
    return None


def play(player: list[str], target: str) -> None:
    subprocess.run([*player, target], check=False)


def clip_lines(url: str, metadata: dict[str, Any], manifest: Manifest | None) -> list[str]:
    """A clip the device's player starts: its title, and its timed cues or its words."""
    title = ", ".join(x for x in (metadata.get("title"), metadata.get("subtitle")) if x)
    path = url.split("/audio/", 1)[-1]
    if manifest is None:
        return [f"[playing {title or url}]"]
    for exercises in manifest.paces.values():
        for parts in exercises:
            for part in parts:
                if part.path == path:
                    lines = [f"[playing {minutes(part.duration_ms)}: {title}]"]
                    return lines + [f"   {minutes(c.at_ms)}  {c.text}" for c in part.cues]
    for clip in [*manifest.intros.values(), *manifest.send_offs.values()]:
        if clip.path == path:
            return [f"[playing {minutes(clip.duration_ms)}: {title}]", f"   0:00  {clip.text}"]
    return [f"[playing {url}]"]
