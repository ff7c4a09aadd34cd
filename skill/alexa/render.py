"""An Outcome into the SDK's response: SSML with Alexa's limits, AudioPlayer directives with
"now playing" details, and a screen where the device has one and the request allows it."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    StopDirective,
    Stream,
)
from ask_sdk_model.interfaces.display import Image, ImageInstance

from skill.alexa import tokens
from skill.alexa.screens import clip_details, render_directive
from skill.core.actions import INTRO, SEND_OFF, Clip, Line, Outcome, Play
from skill.core.coach import Coach
from skill.core.ssml import Speech, reprompt


def clip_file(coach: Coach, clip: Clip) -> tuple[str, int]:
    """(manifest path, duration) of a clip."""
    manifest = coach.manifest
    if clip.kind == SEND_OFF:
        send_off = manifest.send_offs[clip.send_off]
        return send_off.path, send_off.duration_ms
    place = clip.place
    assert place is not None
    if clip.kind == INTRO:
        intro = manifest.intros[coach.routine.exercises[place.exercise].id]
        return intro.path, intro.duration_ms
    part = manifest.part(place.pace, place.exercise, place.part)
    return part.path, part.duration_ms


def _speech(lines: tuple[Line, ...], into: Speech) -> Speech:
    for line in lines:
        into.say(line.text)
    return into


def play_directive(
    coach: Coach,
    play: Play,
    audio_url: Callable[[str], str],
    image_url: Callable[[str], str] | None = None,
) -> PlayDirective:
    """Play now (replacing the queue), or enqueue after the clip that is playing, with the
    "now playing" details a screen shows while it plays: exercise, side, "3 of 6", pictures."""
    manifest = coach.manifest
    path, _ = clip_file(coach, play.clip)
    token = tokens.encode(play.clip, manifest.routine_version, manifest.locale)
    after = (
        tokens.encode(play.after, manifest.routine_version, manifest.locale) if play.after else None
    )
    details = clip_details(coach, play.clip)
    place = play.clip.place
    subtitle = details["label"]
    if place is not None:
        number = place.exercise + 1
        subtitle = coach.words(
            "now_playing_subtitle", label=subtitle, number=number, count=coach.count
        )
    return PlayDirective(
        play_behavior=PlayBehavior.ENQUEUE if after else PlayBehavior.REPLACE_ALL,
        audio_item=AudioItem(
            stream=Stream(
                token=token,
                url=audio_url(path),
                offset_in_milliseconds=max(play.offset_ms, 0),
                expected_previous_token=after,
            ),
            metadata=AudioItemMetadata(
                title=details["name"],
                subtitle=subtitle,
                **(_pictures(coach, image_url) if image_url else {}),
            ),
        ),
    )


def _pictures(coach: Coach, image_url: Callable[[str], str]) -> dict[str, Image]:
    """The footprint as art, and the backdrop behind it, both drawn by the project."""

    def image(name: str, width: int, height: int) -> Image:
        source = ImageInstance(url=image_url(name), width_pixels=width, height_pixels=height)
        return Image(content_description=coach.words("now_playing_art"), sources=[source])

    return {
        "art": image("art-480.png", 480, 480),
        "background_image": image("background-1024x640.png", 1024, 640),
    }


def respond(
    handler_input: HandlerInput,
    outcome: Outcome,
    coach: Coach,
    audio_url: Callable[[str], str],
    *,
    image_url: Callable[[str], str] | None = None,
    can_speak: bool,
    has_screen: bool,
) -> Response:
    """Build the response for this outcome."""
    builder = handler_input.response_builder
    if can_speak:
        speech = _speech(outcome.speech, Speech())
        if outcome.audio is not None:
            path, duration_ms = clip_file(coach, outcome.audio)
            speech.play(audio_url(path), duration_ms)
        _speech(outcome.after, speech)
        if speech:
            builder.speak(speech.ssml())
        if outcome.session == "listen":
            again = _speech(outcome.reprompt or outcome.speech, reprompt())
            builder.ask(again.ssml())
            builder.set_should_end_session(False)
        elif outcome.session == "end":
            builder.set_should_end_session(True)
    if outcome.stop_player:
        builder.add_directive(StopDirective())
    if outcome.play is not None:
        builder.add_directive(play_directive(coach, outcome.play, audio_url, image_url))
    if can_speak and has_screen and outcome.show is not None and outcome.show.clips:
        builder.add_directive(render_directive(coach, outcome.show))
    return builder.response
