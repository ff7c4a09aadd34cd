"""Thin ask-sdk handlers: read the request, move the position, ask the coach what to say.

Registration order (see HANDLER_ORDER at the bottom) is dispatch order.
"""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type, get_slot, is_intent_name, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.slu.entityresolution import StatusCode

from skill import progress
from skill.progress import Position
from skill.replies import Coach, Reply

log = logging.getLogger(__name__)

POSITION_KEY = "position"
SPEAKABLE_REQUESTS = {"LaunchRequest", "IntentRequest"}


# -- session state ----------------------------------------------------------------------


def _session_attributes(handler_input: HandlerInput) -> dict[str, Any] | None:
    """The session's attributes, or None for a request that has no (usable) session."""
    if handler_input.request_envelope.session is None:
        return None
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if isinstance(attributes, dict) else None


def load_position(handler_input: HandlerInput, coach: Coach) -> Position | None:
    """The runner's place from the session, or None if the routine has not started."""
    attributes = _session_attributes(handler_input)
    if attributes is None:
        return None
    return Position.from_dict(attributes.get(POSITION_KEY), coach.shape)


def save_position(handler_input: HandlerInput, position: Position | None) -> None:
    """Keep the place in the session attributes Alexa hands back next turn."""
    if handler_input.request_envelope.session is None:
        return
    if not isinstance(handler_input.attributes_manager.session_attributes, dict):
        handler_input.attributes_manager.session_attributes = {}
    attributes = handler_input.attributes_manager.session_attributes
    if position is None:
        attributes.pop(POSITION_KEY, None)
    else:
        attributes[POSITION_KEY] = position.to_dict()


def respond(handler_input: HandlerInput, reply: Reply) -> Response:
    """Render a Reply into the SDK's response."""
    builder = handler_input.response_builder
    builder.speak(reply.speech.ssml())
    if reply.reprompt is not None and not reply.end_session:
        builder.ask(reply.reprompt.ssml())
    builder.set_should_end_session(reply.end_session)
    return builder.response


def slot_id(handler_input: HandlerInput, slot_name: str, known: dict[str, str]) -> str | None:
    """The resolved id of a slot: entity resolution first, else the spoken words matched."""
    try:
        slot = get_slot(handler_input, slot_name)
    except (TypeError, AttributeError):
        return None
    if slot is None:
        return None
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            resolved = authority.values[0].value.id
            if resolved in known.values():
                return resolved
    spoken = " ".join(str(slot.value or "").lower().split())
    return known.get(spoken)


class CoachHandler(AbstractRequestHandler):
    """A request handler that knows the coach; subclasses say which requests they take."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def position(self, handler_input: HandlerInput) -> Position | None:
        return load_position(handler_input, self.coach)

    def go(self, handler_input: HandlerInput, position: Position | None, reply: Reply) -> Response:
        save_position(handler_input, position)
        return respond(handler_input, reply)

    def answer(
        self, handler_input: HandlerInput, position: Position | None, prompt_id: str
    ) -> Response:
        """Say one prompt, keep the place and keep listening."""
        return self.go(handler_input, position, self.coach.ask(self.coach.say(prompt_id)))

    def begin(self, handler_input: HandlerInput, pace: str = "standard") -> Response:
        """Start at exercise one with a welcome, straight into the first part."""
        position = progress.start(pace)
        welcome = self.coach.say("welcome_quick" if pace == "quick" else "welcome")
        return self.go(handler_input, position, self.coach.part(position, welcome))


def intent_handler(*intent_names: str):
    """Make a handler class match any of these intents."""

    def decorate(cls: type[CoachHandler]) -> type[CoachHandler]:
        def can_handle(self: Any, handler_input: HandlerInput) -> bool:
            return any(is_intent_name(name)(handler_input) for name in intent_names)

        cls.can_handle = can_handle  # type: ignore[method-assign]
        cls.intent_names = intent_names  # type: ignore[attr-defined]
        return cls

    return decorate


# -- starting ---------------------------------------------------------------------------


class LaunchRequestHandler(CoachHandler):
    """Launch ("Alexa, start my foot warm up"): straight into exercise one, no extra question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.begin(handler_input)


@intent_handler("StartRoutineIntent")
class StartRoutineIntentHandler(CoachHandler):
    """Start, unless a routine is already under way."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.begin(handler_input, position.pace if position else "standard")
        text = self.coach.say("already_started", name=self.coach.where(position))
        return self.go(handler_input, position, self.coach.ask(text))


# -- moving through the routine ---------------------------------------------------------


@intent_handler("AMAZON.NextIntent", "NextExerciseIntent")
class NextIntentHandler(CoachHandler):
    """Done with this part: on to the next part, exercise, or the finish."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        following = progress.next_part(position, self.coach.shape)
        return self.go(handler_input, following, self.coach.advance_to(following))


@intent_handler("SkipExerciseIntent")
class SkipExerciseIntentHandler(CoachHandler):
    """Leave out the rest of this exercise."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        lead = self.coach.say("skipping", name=self.coach.exercise(position).name)
        following = progress.skip_exercise(position, self.coach.shape)
        return self.go(handler_input, following, self.coach.advance_to(following, lead))


@intent_handler("AMAZON.PreviousIntent")
class PreviousIntentHandler(CoachHandler):
    """One step back; on the first exercise, that exercise again."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if position.exercise == 0 and position.part == 0:
            lead = self.coach.say("previous_at_start")
            return self.go(handler_input, position, self.coach.part(position, lead))
        back = progress.previous(position, self.coach.shape)
        return self.go(handler_input, back, self.coach.part(back))


@intent_handler("AMAZON.RepeatIntent")
class RepeatIntentHandler(CoachHandler):
    """Play the current part again from its start."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        return self.go(handler_input, position, self.coach.part(position, self.coach.say("repeat")))


@intent_handler("AMAZON.StartOverIntent")
class StartOverIntentHandler(CoachHandler):
    """Back to exercise one at the same pace."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.begin(handler_input, position.pace if position else "standard")


@intent_handler("GoToExerciseIntent")
class GoToExerciseIntentHandler(CoachHandler):
    """Jump to an exercise by name."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input) or progress.start()
        known = {}
        for exercise in self.coach.routine.exercises:
            for word in (exercise.name, *exercise.synonyms):
                known[word.lower()] = exercise.id
        chosen = slot_id(handler_input, "exercise", known)
        if chosen is None:
            text = self.coach.say("exercise_unknown", names=self.coach.exercise_names())
            stay = self.position(handler_input)
            return self.go(handler_input, stay, self.coach.ask(text))
        target = progress.go_to(position, self.coach.routine.index_of(chosen), self.coach.shape)
        return self.go(handler_input, target, self.coach.part(target, self.coach.say("going_to")))


@intent_handler("ChangePaceIntent")
class ChangePaceIntentHandler(CoachHandler):
    """Switch between the full and the quick warm up."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        known = {"quick": "quick", "standard": "standard", "full": "standard"}
        pace = slot_id(handler_input, "pace", known)
        if pace is None:
            return self.answer(handler_input, position, "pace_unknown")
        pace_name = self.coach.routine.pace_names[pace]
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.begin(handler_input, pace)
        if position.pace == pace:
            lead = self.coach.say("pace_same", pace_name=pace_name)
            return self.go(
                handler_input, position, self.coach.ask(lead, self.coach.say("after_part"))
            )
        changed = progress.change_pace(position, pace, self.coach.shape)
        lead = self.coach.say("pace_changed", pace_name=pace_name)
        return self.go(handler_input, changed, self.coach.part(changed, lead))


@intent_handler("AMAZON.PauseIntent")
class PauseIntentHandler(CoachHandler):
    """Hold the place and wait for resume."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "pause_not_started")
        text = self.coach.say("pause", name=self.coach.where(position))
        reply = self.coach.ask(text, self.coach.say("pause_reprompt"))
        return self.go(handler_input, position, reply)


@intent_handler("AMAZON.ResumeIntent", "ResumeRoutineIntent")
class ResumeIntentHandler(CoachHandler):
    """Restart the current part (SSML audio cannot resume mid-clip)."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            position = progress.start()
            lead = self.coach.say("resume_fresh")
        elif progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        else:
            lead = self.coach.say("resume", name=self.coach.where(position))
        return self.go(handler_input, position, self.coach.part(position, lead))


# -- questions --------------------------------------------------------------------------


@intent_handler("ProgressIntent")
class ProgressIntentHandler(CoachHandler):
    """Where am I, how many are left."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.progress(position))


@intent_handler("HowToIntent")
class HowToIntentHandler(CoachHandler):
    """The longer how-to of the current exercise."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.how_to(position))


@intent_handler("AboutIntent")
class AboutIntentHandler(CoachHandler):
    """Who made the routine."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.about(position))


@intent_handler("AMAZON.HelpIntent")
class HelpIntentHandler(CoachHandler):
    """Help that fits where the runner is."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.help(position))


@intent_handler("AMAZON.YesIntent", "AMAZON.NoIntent")
class YesNoIntentHandler(CoachHandler):
    """Yes or no when nothing was asked."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.answer(handler_input, position, "yes_no_nothing_asked")


# -- leaving ----------------------------------------------------------------------------


@intent_handler("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
class StopIntentHandler(CoachHandler):
    """A short goodbye that says where they stopped."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.goodbye(position))


class SessionEndedRequestHandler(CoachHandler):
    """Alexa closed the session: an empty response is all it accepts."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("session ended: %s", getattr(request, "reason", None))
        return handler_input.response_builder.response


@intent_handler("AMAZON.FallbackIntent")
class FallbackIntentHandler(CoachHandler):
    """Unmatched words: say what can be said now."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.fallback(position))


class CatchAllRequestHandler(CoachHandler):
    """Anything else: speak a fallback where speech is allowed, else an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = get_request_type(handler_input)
        log.info("no handler for %s", request_type)
        if request_type not in SPEAKABLE_REQUESTS:
            return handler_input.response_builder.response
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.fallback(position))


class ApologyExceptionHandler(AbstractExceptionHandler):
    """A failure inside a verified request: log it and apologise briefly in speech."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        builder = handler_input.response_builder
        try:
            request_type = get_request_type(handler_input)
        except Exception:  # noqa: BLE001 - a request too broken to read still gets an answer
            request_type = None
        if request_type not in SPEAKABLE_REQUESTS:
            return builder.response
        builder.speak(self.coach.say("error")).ask(self.coach.say("error"))
        builder.set_should_end_session(False)
        return builder.response


# Dispatch order: specific intents first, the catch-all last.
HANDLER_ORDER: tuple[type[CoachHandler], ...] = (
    LaunchRequestHandler,
    StartRoutineIntentHandler,
    NextIntentHandler,
    SkipExerciseIntentHandler,
    PreviousIntentHandler,
    RepeatIntentHandler,
    StartOverIntentHandler,
    GoToExerciseIntentHandler,
    ChangePaceIntentHandler,
    PauseIntentHandler,
    ResumeIntentHandler,
    ProgressIntentHandler,
    HowToIntentHandler,
    AboutIntentHandler,
    HelpIntentHandler,
    YesNoIntentHandler,
    StopIntentHandler,
    FallbackIntentHandler,
    SessionEndedRequestHandler,
    CatchAllRequestHandler,
)


def handled_intents() -> set[str]:
    """Every intent name some handler takes, for the model cross-check."""
    return {name for cls in HANDLER_ORDER for name in getattr(cls, "intent_names", ())}
