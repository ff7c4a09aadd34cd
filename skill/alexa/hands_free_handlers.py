"""Handlers for hands-free mode: AudioPlayer events, playback buttons, and voice commands
while the routine plays. They come before the guided handlers in dispatch order.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type, is_intent_name, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.interfaces.audioplayer import StopDirective

from skill.alexa.handlers import CoachHandler
from skill.alexa.screens import render_directive, supports_apl
from skill.alexa.tokens import Token, parse_token, play_directive
from skill.core import place as progress
from skill.core import profile as memory_rules
from skill.core.place import Position
from skill.core.ssml import Speech

log = logging.getLogger(__name__)

ACTIVE = {"PLAYING", "PAUSED", "STOPPED", "BUFFER_UNDERRUN"}


class HandsFreeHandler(CoachHandler):
    """Shared plumbing: tokens, the device's player state, and Play/Stop responses."""

    def supports_audio(self, handler_input: HandlerInput) -> bool:
        system = handler_input.request_envelope.context.system
        interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
        return getattr(interfaces, "audio_player", None) is not None

    def token(self, raw: object) -> Token | None:
        manifest = self.coach.manifest
        return parse_token(raw, manifest.routine_version, manifest.locale, self.coach.shape)

    def player(self, handler_input: HandlerInput) -> tuple[Token | None, int, str | None]:
        """What the device says it is playing: our token, the offset, and its activity."""
        state = getattr(handler_input.request_envelope.context, "audio_player", None)
        if state is None:
            return None, 0, None
        offset = state.offset_in_milliseconds
        offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else 0
        activity = getattr(state.player_activity, "value", state.player_activity)
        return self.token(state.token), offset, activity

    def request_token(self, handler_input: HandlerInput) -> tuple[Token | None, int]:
        """The token and offset an AudioPlayer event carries."""
        request = handler_input.request_envelope.request
        offset = getattr(request, "offset_in_milliseconds", 0)
        offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else 0
        return self.token(getattr(request, "token", None)), offset

    def make_token(self, position: Position, intro: bool = False) -> Token:
        manifest = self.coach.manifest
        return Token(manifest.routine_version, manifest.locale, position, intro)

    def has_intro(self, position: Position) -> bool:
        return self.coach.exercise(position).id in self.coach.manifest.intros

    def directive(
        self, position: Position, offset_ms: int = 0, after: str | None = None, intro: bool = False
    ):
        """Play (or queue) a part, or the spoken intro of the exercise it opens."""
        intro = intro and self.has_intro(position)
        count = f"{position.exercise + 1} of {self.coach.count()}"
        if intro:
            clip = self.coach.manifest.intros[self.coach.exercise(position).id]
            path, subtitle = clip.path, f"Getting ready, {count}"
        else:
            part = self.coach.audio_part(position)
            path, subtitle = part.path, f"{part.label.capitalize()}, {count}"
        return play_directive(
            self.coach.audio_url(path),
            self.make_token(position, intro),
            offset_ms=offset_ms,
            enqueue_after=after,
            title=self.coach.exercise(position).name.capitalize(),
            subtitle=subtitle,
        )

    def following(self, token: Token) -> tuple[Position, bool] | None:
        """What plays after this token: the part after an intro, else the next part, which
        opens with its exercise's intro when it starts a new exercise; None at the end."""
        here = token.position
        if token.intro:
            return here, False
        after = progress.next_part(here, self.coach.shape)
        if progress.is_finished(after, self.coach.shape):
            return None
        return after, after.exercise != here.exercise

    def command(
        self, handler_input: HandlerInput, action: str, token: Token, offset: int
    ) -> Response:
        """One of next, skip, previous, repeat, start_over, resume, pause, stop."""
        here, shape = token.position, self.coach.shape
        if action == "next":
            step = self.following(token)
            if step is None:
                return self.finish(handler_input, progress.next_part(here, shape))
            return self.play(handler_input, step[0], intro=step[1])
        if action == "skip":
            return self.play(handler_input, progress.skip_exercise(here, shape), intro=True)
        if action == "previous":
            if token.intro or here.part == 0:
                return self.play(handler_input, progress.previous(here, shape), intro=True)
            return self.play(handler_input, progress.previous(here, shape))
        if action == "repeat":
            return self.play(handler_input, here, intro=token.intro)
        if action == "start_over":
            return self.play(handler_input, progress.start_over(here), intro=True)
        if action == "resume":
            return self.play(handler_input, here, offset, intro=token.intro)
        self.keep(handler_input, here, 0 if token.intro else offset)
        if action == "pause":
            return self.stop(handler_input)
        return self.stop(
            handler_input, self.coach.say("goodbye_in_exercise", name=self.coach.where(here))
        )

    def keep(self, handler_input: HandlerInput, position: Position, offset_ms: int = 0) -> None:
        """Store the place (and offset) without a session: AudioPlayer requests have none."""
        memory = self.memory(handler_input)
        if memory.enabled:
            known = memory_rules.remember_position(
                memory.profile, position, self.coach.clock(), offset_ms
            )
            memory.save(replace(known, hands_free=True))

    def play(
        self,
        handler_input: HandlerInput,
        position: Position,
        offset_ms: int = 0,
        speech: str = "",
        intro: bool = False,
    ) -> Response:
        """Play a part now; with speech (a voice request) the session ends so audio can play."""
        if progress.is_finished(position, self.coach.shape):
            return self.finish(handler_input, position, speech)
        self.keep(handler_input, position, 0 if intro else offset_ms)
        builder = handler_input.response_builder
        builder.add_directive(self.directive(position, offset_ms, intro=intro))
        if speech:
            builder.speak(Speech().say(speech).ssml())
            builder.set_should_end_session(True)
            if supports_apl(handler_input):
                builder.add_directive(render_directive(self.coach.screen(position, speech)))
        return builder.response

    def finish(self, handler_input: HandlerInput, position: Position, lead: str = "") -> Response:
        """The last part is done: record it; speak the send-off only where speech is allowed."""
        tally = self.record_finish(handler_input, position)
        builder = handler_input.response_builder
        builder.add_directive(StopDirective())
        if get_request_type(handler_input) in ("IntentRequest", "LaunchRequest"):
            reply = self.coach.finish(position, lead, tally)
            builder.speak(reply.speech.ssml()).set_should_end_session(True)
        return builder.response

    def stop(self, handler_input: HandlerInput, speech: str = "") -> Response:
        builder = handler_input.response_builder
        builder.add_directive(StopDirective())
        if speech:
            builder.speak(Speech().say(speech).ssml())
        if get_request_type(handler_input) == "IntentRequest":
            builder.set_should_end_session(True)
        return builder.response


# -- starting -----------------------------------------------------------------------------


class PlayRoutineIntentHandler(HandsFreeHandler):
    """ "Play it hands free": the whole routine back to back, remembered as the preference."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("PlayRoutineIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        memory = self.memory(handler_input)
        if memory.enabled:
            memory.save(replace(memory.profile, hands_free=True))
        if not self.supports_audio(handler_input):
            return self.begin(handler_input, lead=self.coach.say("hands_free_unsupported"))
        return self.start(handler_input, self.coach.say("hands_free_start"))

    def start(self, handler_input: HandlerInput, lead: str) -> Response:
        position = self.fresh_start(handler_input)
        exercise = self.coach.exercise(position)
        intro = self.coach.say(
            "exercise_start",
            number=position.exercise + 1,
            count=self.coach.count(),
            name=exercise.name,
            intro=exercise.intro,
        )
        return self.play(handler_input, position, 0, f"{lead} {intro}")


class HandsFreeLaunchHandler(PlayRoutineIntentHandler):
    """Launch for a runner who chose hands-free: resume mid-part, or start playing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("LaunchRequest")(handler_input):
            return False
        return self.memory(handler_input).profile.hands_free

    def handle(self, handler_input: HandlerInput) -> Response:
        if not self.supports_audio(handler_input):
            return self.begin(handler_input, lead=self.coach.say("hands_free_unsupported"))
        known = self.memory(handler_input).profile
        offer = memory_rules.resumable(known, self.coach.shape, self.coach.clock())
        if offer is not None:
            lead = self.coach.say("hands_free_resume", where=self.coach.where(offer))
            return self.play(handler_input, offer, known.offset_ms, lead)
        return self.start(handler_input, self.coach.say("hands_free_start"))


class StepByStepIntentHandler(HandsFreeHandler):
    """Back to guided mode, where the runner says next between exercises."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StepByStepIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        memory = self.memory(handler_input)
        if memory.enabled:
            memory.save(replace(memory.profile, hands_free=False))
        position = self.position(handler_input)
        token, _, activity = self.player(handler_input)
        if position is None and token is not None and activity in ACTIVE:
            position = token.position
        lead = self.coach.say("step_by_step")
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.begin(handler_input, lead=lead)
        return self.go(handler_input, position, self.coach.part(position, lead))


# -- voice commands while the routine plays -----------------------------------------------


class HandsFreeIntentHandler(HandsFreeHandler):
    """ "Alexa, next / previous / pause / resume / start over" while our audio is playing."""

    INTENTS = {
        "AMAZON.NextIntent": "next",
        "NextExerciseIntent": "next",
        "SkipExerciseIntent": "skip",
        "AMAZON.PreviousIntent": "previous",
        "AMAZON.RepeatIntent": "repeat",
        "AMAZON.StartOverIntent": "start_over",
        "AMAZON.PauseIntent": "pause",
        "AMAZON.ResumeIntent": "resume",
        "ResumeRoutineIntent": "resume",
        "AMAZON.StopIntent": "stop",
        "AMAZON.CancelIntent": "stop",
    }

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("IntentRequest")(handler_input):
            return False
        name = getattr(handler_input.request_envelope.request.intent, "name", None)
        if name not in self.INTENTS:
            return False
        token, _, activity = self.player(handler_input)
        return token is not None and activity in ACTIVE

    def handle(self, handler_input: HandlerInput) -> Response:
        token, offset, _ = self.player(handler_input)
        assert token is not None
        action = self.INTENTS[handler_input.request_envelope.request.intent.name]
        return self.command(handler_input, action, token, offset)


# -- AudioPlayer events -------------------------------------------------------------------


class PlaybackEventHandler(HandsFreeHandler):
    """Follow the device's playback: keep the place, queue the next part, record the finish."""

    TYPES = (
        "AudioPlayer.PlaybackStarted",
        "AudioPlayer.PlaybackStopped",
        "AudioPlayer.PlaybackNearlyFinished",
        "AudioPlayer.PlaybackFinished",
        "AudioPlayer.PlaybackFailed",
    )

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) in self.TYPES

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = get_request_type(handler_input)
        token, offset = self.request_token(handler_input)
        builder = handler_input.response_builder
        if kind == "AudioPlayer.PlaybackFailed":
            error = getattr(handler_input.request_envelope.request, "error", None)
            log.error("playback failed for %s: %s", getattr(token, "position", None), error)
            return builder.response
        if token is None:
            log.info("%s for a token that is not ours (or is outdated)", kind)
            return builder.response
        here = token.position
        step = self.following(token)
        if kind in ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackStopped"):
            self.keep(handler_input, here, 0 if token.intro else offset)
        elif kind == "AudioPlayer.PlaybackNearlyFinished" and step is not None:
            builder.add_directive(self.directive(step[0], after=token.encode(), intro=step[1]))
        elif kind == "AudioPlayer.PlaybackFinished":
            if step is None:
                self.record_finish(handler_input, progress.next_part(here, self.coach.shape))
            else:
                self.keep(handler_input, step[0])
        return builder.response


class ExceptionEncounteredHandler(HandsFreeHandler):
    """The device reports it could not follow one of our directives: log it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("System.ExceptionEncountered")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.error(
            "device exception: %s (cause: %s)",
            getattr(request, "error", None),
            getattr(request, "cause", None),
        )
        return handler_input.response_builder.response


# -- the device's playback buttons --------------------------------------------------------


class PlaybackControllerHandler(HandsFreeHandler):
    """Next, previous, play and pause buttons: answered with AudioPlayer directives only."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input).startswith("PlaybackController.")

    ACTIONS = {
        "PlaybackController.NextCommandIssued": "next",
        "PlaybackController.PreviousCommandIssued": "previous",
        "PlaybackController.PlayCommandIssued": "resume",
        "PlaybackController.PauseCommandIssued": "pause",
    }

    def handle(self, handler_input: HandlerInput) -> Response:
        action = self.ACTIONS.get(get_request_type(handler_input))
        token, offset, _ = self.player(handler_input)
        if token is None:  # the device forgot what it played: fall back to what we stored
            known = self.memory(handler_input).profile
            if known.position is None:
                token, offset = self.make_token(self.fresh_start(handler_input), intro=True), 0
            else:
                token, offset = self.make_token(known.position), known.offset_ms
        if action is None:
            return handler_input.response_builder.response
        return self.command(handler_input, action, token, offset)


# -- Echo Show buttons --------------------------------------------------------------------


class ScreenButtonHandler(HandsFreeHandler):
    """Touches on the screen's Next, Back and Pause buttons, in either mode."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("Alexa.Presentation.APL.UserEvent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        from skill.alexa.handlers import (
            NextIntentHandler,
            PauseIntentHandler,
            PreviousIntentHandler,
        )

        arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
        action = arguments[0] if arguments and isinstance(arguments[0], str) else None
        token, offset, activity = self.player(handler_input)
        if token is not None and activity in ACTIVE and action in ("next", "previous", "pause"):
            return self.command(handler_input, action, token, offset)
        guided = {
            "next": NextIntentHandler,
            "previous": PreviousIntentHandler,
            "pause": PauseIntentHandler,
        }.get(action)
        if guided is None:
            log.info("screen event with unknown arguments %r", arguments)
            return handler_input.response_builder.response
        return guided(self.coach).handle(handler_input)


# Dispatch order within hands-free mode; these all go before the guided handlers.
HANDS_FREE_HANDLERS: tuple[type[HandsFreeHandler], ...] = (
    PlaybackEventHandler,
    PlaybackControllerHandler,
    ExceptionEncounteredHandler,
    HandsFreeIntentHandler,
    HandsFreeLaunchHandler,
    PlayRoutineIntentHandler,
    StepByStepIntentHandler,
    ScreenButtonHandler,
)
HANDS_FREE_INTENTS = {"PlayRoutineIntent", "StepByStepIntent"}
