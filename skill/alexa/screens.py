"""Echo Show screens (APL): the exercise, a one-line how-to, a countdown, progress and buttons.

The countdown and the cue line follow the part's timeline from the audio manifest: each cue is
a SetValue command delayed to the moment the audio speaks it. Buttons send UserEvents that the
skill answers like the spoken "next", "previous" and "pause".
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from skill.core.manifest import ManifestPart
from skill.core.routine import Exercise

TOKEN = "foot-warm-up-screen"
BUTTONS = (("previous", "Back"), ("pause", "Pause"), ("next", "Next"))
WORDS_PER_SECOND = 2.7  # Alexa's speaking rate, to start the clock when the audio starts


def supports_apl(handler_input: HandlerInput) -> bool:
    """Only devices that declare APL get screens."""
    system = handler_input.request_envelope.context.system
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def first_sentence(text: str) -> str:
    """The one-line how-to: the intro's first sentence."""
    end = text.find(". ")
    return text if end == -1 else text[: end + 1]


def screen_data(
    exercise: Exercise, part: ManifestPart, number: int, count: int, spoken_before: str
) -> dict[str, Any]:
    """What the screen shows, straight from the routine and the manifest."""
    start_delay_ms = round(len(spoken_before.split()) / WORDS_PER_SECOND * 1000)
    return {
        "name": exercise.name.capitalize(),
        "how": first_sentence(exercise.intro),
        "label": part.label.capitalize(),
        "progress": f"{number} of {count}",
        "durationMs": part.duration_ms,
        "startDelayMs": start_delay_ms,
        "cues": [{"atMs": c.at_ms, "text": c.text} for c in part.cues],
    }


def _button(action: str, label: str) -> dict[str, Any]:
    return {
        "type": "TouchWrapper",
        "onPress": {"type": "SendEvent", "arguments": [action]},
        "item": {
            "type": "Frame",
            "backgroundColor": "#2E7D32" if action == "next" else "#37474F",
            "borderRadius": 12,
            "paddingLeft": 32,
            "paddingRight": 32,
            "paddingTop": 12,
            "paddingBottom": 12,
            "item": {"type": "Text", "text": label, "fontSize": "32dp", "color": "#FFFFFF"},
        },
    }


def document(data: dict[str, Any]) -> dict[str, Any]:
    """The APL document: static layout; the cue line is driven by delayed commands."""
    # elapsedTime counts from when the screen appeared; the audio starts after the speech.
    remaining = (
        "${Math.max(0, Math.min(warmup.durationMs, "
        "warmup.durationMs + warmup.startDelayMs - elapsedTime))}"
    )
    clock = (
        "${Math.floor(left / 60000)}:"
        "${Math.floor(left / 1000) % 60 < 10 ? '0' : ''}${Math.floor(left / 1000) % 60}"
    )
    cue_commands = [
        {
            "type": "SetValue",
            "componentId": "cue",
            "property": "text",
            "value": cue["text"],
            "delay": data["startDelayMs"] + cue["atMs"],
        }
        for cue in data["cues"]
    ]
    return {
        "type": "APL",
        "version": "2023.2",
        "theme": "dark",
        "mainTemplate": {
            "parameters": ["warmup"],
            "items": [
                {
                    "type": "Container",
                    "width": "100vw",
                    "height": "100vh",
                    "paddingLeft": 48,
                    "paddingRight": 48,
                    "paddingTop": 32,
                    "items": [
                        {
                            "type": "Text",
                            "text": "${warmup.progress}",
                            "fontSize": "28dp",
                            "color": "#A5D6A7",
                        },
                        {
                            "type": "Text",
                            "text": "${warmup.name}",
                            "fontSize": "56dp",
                            "fontWeight": "bold",
                        },
                        {
                            "type": "Text",
                            "text": "${warmup.label}",
                            "fontSize": "32dp",
                            "color": "#B0BEC5",
                        },
                        {
                            "type": "Text",
                            "text": "${warmup.how}",
                            "fontSize": "28dp",
                            "paddingTop": 16,
                        },
                        {
                            "type": "Text",
                            "id": "clock",
                            "bind": [{"name": "left", "value": remaining}],
                            "text": clock,
                            "fontSize": "96dp",
                        },
                        {
                            "type": "Text",
                            "id": "cue",
                            "text": "",
                            "fontSize": "36dp",
                            "color": "#FFF59D",
                        },
                        {
                            "type": "Container",
                            "direction": "row",
                            "paddingTop": 24,
                            "items": [_button(action, label) for action, label in BUTTONS],
                        },
                    ],
                }
            ],
        },
        "onMount": [{"type": "Parallel", "commands": cue_commands}],
    }


def render_directive(data: dict[str, Any]) -> RenderDocumentDirective:
    """The RenderDocument directive for one part's screen."""
    return RenderDocumentDirective(
        token=TOKEN, document=document(data), datasources={"warmup": data}
    )
