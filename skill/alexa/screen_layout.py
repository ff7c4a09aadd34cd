"""The Echo Show screen's APL layout: one document for every hub, sized from the viewport.

Landscape hubs (Echo Show 5, 8, 10, 15, 21) get one layout whose sizes are fractions of the
screen's height (vh), so the Show 5's 480 dp and the Show 15's 1080 dp both fill the screen and
read from a few metres away; the round Echo Spot gets a centred layout inside the circle. The
buttons are at least 72 dp tall (the size of Amazon's own AlexaIconButton) with gaps between.

Component ids are what the timed SetValue commands in screens.py change: progress, name, label,
how, cue, and timer (whose segmentStart, segmentEnd and segmentLength drive the clock and
the bar).
"""

from __future__ import annotations

from typing import Any

GREEN = "#7BD389"  # the footprint's green
NAVY = "#10293F"  # the pictures' field
INK = "#F4F7F5"
MUTED = "#A9B8C2"
CUE = "#FFE58A"
BUTTON = "#2B4A63"

# Time left in the segment that is showing, as m:ss. While Alexa is still speaking before the
# audio (elapsedTime < segmentStart) the clock holds at what the audio will count down from.
LEFT = "${Math.max(0, segmentEnd - Math.max(elapsedTime, segmentStart))}"
CLOCK = (
    "${Math.floor(left / 60000)}:"
    "${Math.floor(left / 1000) % 60 < 10 ? '0' : ''}${Math.floor(left / 1000) % 60}"
)
# How much of the segment has gone (0 to 1). A width does not follow bound data in APL, so the
# bar is a full-width strip scaled by this from its left end (a transform does follow).
DONE = "segmentLength > 0 ? Math.min(1, Math.max(0, 1 - left / segmentLength)) : 0"


def whole(fraction: float) -> str:
    """A fraction of the screen's width in whole dp (fractions make children overhang)."""
    return f"${{Math.floor(viewport.width * {fraction})}}dp"


def _text(component_id: str, size: str, **style: Any) -> dict[str, Any]:
    return {
        "type": "Text",
        "id": component_id,
        "text": f"${{warmup.{component_id}}}",
        "fontSize": size,
        "color": INK,
        "maxLines": 1,
        **style,
    }


def _timer(clock_size: str, bar_height: str, width_vw: float, align: str) -> dict[str, Any]:
    """The clock and its bar, bound to the segment showing."""
    width = f"{width_vw}vw"
    shift = f"${{-viewport.width * {width_vw / 100} * (1 - ({DONE})) / 2}}"
    return {
        "type": "Container",
        "id": "timer",
        "width": width,
        "alignItems": align,
        "bind": [
            {"name": "segmentStart", "value": "${warmup.startDelayMs}"},
            {"name": "segmentEnd", "value": "${warmup.endMs}"},
            {"name": "segmentLength", "value": "${warmup.lengthMs}"},
            {"name": "left", "value": LEFT},
        ],
        "items": [
            {
                "type": "Text",
                "id": "clock",
                "text": CLOCK,
                "fontSize": clock_size,
                "fontWeight": "bold",
                "color": INK,
                "maxLines": 1,
                "textAlign": "center" if align == "center" else "right",
            },
            {
                "type": "Frame",
                "width": "100%",
                "height": bar_height,
                "borderRadius": bar_height,
                "backgroundColor": BUTTON,
                "items": [
                    {
                        "type": "Frame",
                        "id": "bar",
                        "width": "100%",
                        "height": "100%",
                        "transform": [{"translateX": shift}, {"scaleX": f"${{{DONE}}}"}],
                        "borderRadius": bar_height,
                        "backgroundColor": GREEN,
                    }
                ],
            },
        ],
    }


def _buttons(
    buttons: list[dict[str, str]], width: str, height: str, font: str, gap: str
) -> dict[str, Any]:
    """Back, Pause and Next: a row of equal buttons, each sending its action."""
    items = []
    for index, button in enumerate(buttons):
        items.append(
            {
                "type": "TouchWrapper",
                "id": f"button-{button['action']}",
                "spacing": gap if index else 0,
                "width": width,
                "height": height,
                "accessibilityLabel": button["label"],
                "onPress": [{"type": "SendEvent", "arguments": [button["action"]]}],
                "item": {
                    "type": "Frame",
                    "width": "100%",
                    "height": "100%",
                    "borderRadius": "16dp",
                    "backgroundColor": GREEN if button["action"] == "next" else BUTTON,
                    "item": {
                        "type": "Text",
                        "text": button["label"],
                        "fontSize": font,
                        "fontWeight": "bold",
                        "color": NAVY if button["action"] == "next" else INK,
                        "width": "100%",
                        "height": "100%",
                        "textAlign": "center",
                        "textAlignVertical": "center",
                        "maxLines": 1,
                    },
                },
            }
        )
    return {"type": "Container", "direction": "row", "width": "100%", "items": items}


def landscape(buttons: list[dict[str, str]]) -> dict[str, Any]:
    """Echo Show 5 to 21: name and side above, how and cue beside the clock, buttons below."""
    return {
        "type": "Container",
        "width": "100vw",
        "height": "100vh",
        "paddingLeft": "5vw",
        "paddingRight": "5vw",
        "paddingTop": "4vh",
        "paddingBottom": "4vh",
        "items": [
            _text("progress", "5vh", color=GREEN, fontWeight="bold"),
            _text("name", "10vh", fontWeight="bold"),
            _text("label", "6vh", color=MUTED),
            {
                "type": "Container",
                "direction": "row",
                "grow": 1,
                "shrink": 1,
                "width": "100%",
                "alignItems": "center",
                "items": [
                    {
                        "type": "Container",
                        "grow": 1,
                        "shrink": 1,
                        "paddingRight": "3vw",
                        "items": [
                            _text("how", "4.6vh", maxLines=3, color=MUTED),
                            _text("cue", "7vh", maxLines=2, color=CUE, spacing="2vh"),
                        ],
                    },
                    _timer("22vh", "2vh", 34, "end"),
                ],
            },
            _buttons(
                buttons,
                whole(0.286),
                "${Math.max(72, viewport.height * 0.15)}dp",
                "6vh",
                whole(0.02),
            ),
        ],
    }


def round_screen(buttons: list[dict[str, str]]) -> dict[str, Any]:
    """The Echo Spot: everything centred inside the square the circle holds."""
    centred = {"width": "100%", "textAlign": "center"}
    return {
        "type": "Container",
        "width": "100vw",
        "height": "100vh",
        "alignItems": "center",
        "justifyContent": "center",
        "items": [
            {
                "type": "Container",
                "width": whole(0.66),
                "height": "70vh",
                "alignItems": "center",
                "justifyContent": "spaceBetween",
                "items": [
                    _text("progress", "5vh", color=GREEN, fontWeight="bold", **centred),
                    _text("name", "6.4vh", fontWeight="bold", maxLines=2, **centred),
                    _text("label", "4.4vh", color=MUTED, maxLines=2, **centred),
                    _timer("14vh", "1.6vh", 40, "center"),
                    _text("cue", "5vh", color=CUE, **centred),
                    _buttons(buttons, whole(0.206), "15vh", "4.4vh", whole(0.02)),
                    _text("how", "4vh", display="none"),  # no room: kept for its SetValues
                ],
            }
        ],
    }


def main_template(buttons: list[dict[str, str]]) -> dict[str, Any]:
    """Round or landscape, chosen by the device (the first item whose `when` holds)."""
    return {
        "parameters": ["warmup"],
        "items": [
            {"when": "${viewport.shape == 'round'}", **round_screen(buttons)},
            landscape(buttons),
        ],
    }
