"""Echo Show screens (APL) and "now playing" details: what a runner can read from across the hall.

A screen shows one clip or a stream's queue of clips. Each clip is a segment: its name, side,
"3 of 6", a one-line how, a countdown and the cue the audio is speaking. The countdown and the
cues follow the manifest's timeline: the clock counts down to the segment's end, and delayed
SetValue commands change the cue (and, at each new segment, the rest) when the audio gets there.
"""

from __future__ import annotations

import re
from typing import Any

from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from skill.alexa.screen_layout import NAVY, main_template
from skill.core.actions import INTRO, Clip, Show
from skill.core.coach import Coach

TOKEN = "foot-warm-up-screen"
BUTTONS = (("previous", "screen_back"), ("pause", "screen_pause"), ("next", "screen_next"))
WORDS_PER_SECOND = 2.7  # Alexa's speaking rate, to start the clock when the audio starts


def first_sentence(text: str) -> str:
    """The one-line how-to: the intro's first sentence (ending in . ! or ?)."""
    found = re.search(r"[.!?](\s|$)", text)
    return text if found is None else text[: found.start() + 1]


def capital(text: str) -> str:
    """The first letter a capital, the rest as written (a name's own capitals kept)."""
    return text[:1].upper() + text[1:]


def clip_details(coach: Coach, clip: Clip) -> dict[str, Any]:
    """Name, side, "3 of 6", how, duration and cues of one clip, from routine and manifest."""
    words, place = coach.words, clip.place
    if place is None:  # a send-off
        return {"name": words("screen_done"), "label": "", "progress": "", "how": "", "cues": []}
    exercise = coach.routine.exercises[place.exercise]
    progress = words("screen_progress", number=place.exercise + 1, count=coach.count)
    if clip.kind == INTRO:
        intro = coach.manifest.intros.get(exercise.id)
        return {
            "name": capital(exercise.name),
            "label": words("screen_getting_ready"),
            "progress": progress,
            "how": first_sentence(exercise.intro),
            "durationMs": intro.duration_ms if intro else 0,
            "cues": [],
        }
    part = coach.manifest.part(place.pace, place.exercise, place.part)
    return {
        "name": capital(exercise.name),
        "label": capital(part.label),
        "progress": progress,
        "how": first_sentence(exercise.intro),
        "durationMs": part.duration_ms,
        "cues": [{"atMs": c.at_ms, "text": c.text} for c in part.cues],
    }


def screen_data(coach: Coach, show: Show) -> dict[str, Any]:
    """The datasource: segments on one clock that starts when the speech before them ends."""
    start_delay_ms = round(len(show.lead.split()) / WORDS_PER_SECOND * 1000)
    segments, start = [], -show.offset_ms
    for clip in show.clips:
        details = clip_details(coach, clip)
        details["startMs"] = start
        segments.append(details)
        start += details.get("durationMs", 0)
    first = segments[0]
    return {
        **{k: first[k] for k in ("name", "label", "progress", "how")},
        "startDelayMs": start_delay_ms,
        "endMs": start_delay_ms + first["startMs"] + first.get("durationMs", 0),
        "lengthMs": first.get("durationMs", 0),
        "segments": segments,
        "buttons": [{"action": a, "label": coach.words(label)} for a, label in BUTTONS],
    }


def _commands(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Delayed SetValue commands: each cue, and each later segment's name, side and clock."""
    delay0 = data["startDelayMs"]
    commands = []
    for index, segment in enumerate(data["segments"]):
        start = delay0 + segment["startMs"]
        if index:
            for key in ("name", "label", "progress", "how"):
                commands.append(_set(key, "text", segment[key], start))
            end = start + segment.get("durationMs", 0)
            commands.append(_set("timer", "segmentStart", start, start))
            commands.append(_set("timer", "segmentEnd", end, start))
            commands.append(_set("timer", "segmentLength", segment.get("durationMs", 0), start))
            commands.append(_set("cue", "text", "", start))
        for cue in segment["cues"]:
            at = start + cue["atMs"]
            if at >= delay0:
                commands.append(_set("cue", "text", cue["text"], at))
    return commands


def _set(component: str, prop: str, value: Any, delay: int) -> dict[str, Any]:
    return {
        "type": "SetValue",
        "componentId": component,
        "property": prop,
        "value": value,
        "delay": max(delay, 0),
    }


def document(data: dict[str, Any]) -> dict[str, Any]:
    """The APL document: a layout for the device's screen, driven by the delayed commands."""
    return {
        "type": "APL",
        "version": "2023.2",
        "theme": "dark",
        "background": NAVY,
        "mainTemplate": main_template(data["buttons"]),
        "onMount": [{"type": "Parallel", "commands": _commands(data)}],
    }


def render_directive(coach: Coach, show: Show) -> RenderDocumentDirective:
    """The RenderDocument directive for a screen."""
    data = screen_data(coach, show)
    return RenderDocumentDirective(
        token=TOKEN, document=document(data), datasources={"warmup": data}
    )
