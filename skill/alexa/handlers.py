"""Thin ask-sdk handlers, one per interface a request can come from. Each only says which
requests it takes; the action table and the coach decide what they mean (see turn.py).

Registration order (HANDLER_ORDER at the bottom) is dispatch order.
"""

from __future__ import annotations

import logging
from copy import deepcopy

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa import requests
from skill.alexa.turn import SPEAKABLE, TurnServices, take_turn
from skill.storage.store import StaleWriteError

log = logging.getLogger(__name__)


class TurnHandler(AbstractRequestHandler):
    """Takes the requests whose type starts with one of `prefixes`."""

    prefixes: tuple[str, ...] = ()

    def __init__(self, services: TurnServices) -> None:
        self.services = services

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return requests.request_type(handler_input).startswith(self.prefixes)

    def handle(self, handler_input: HandlerInput) -> Response:
        return take_turn(handler_input, self.services)


class LaunchRequestHandler(TurnHandler):
    """ "Alexa, start my foot warm up" (or "play"; Alexa sends both the same way)."""

    prefixes = ("LaunchRequest",)


class IntentRequestHandler(TurnHandler):
    """Everything the runner says once the skill is open, and one-shot requests."""

    prefixes = ("IntentRequest",)


class AudioPlayerEventHandler(TurnHandler):
    """The device's reports on a hands-free stream: started, stopped, nearly finished..."""

    prefixes = ("AudioPlayer.",)


class PlaybackControllerHandler(TurnHandler):
    """The device's own next, previous, play and pause buttons."""

    prefixes = ("PlaybackController.",)


class ScreenButtonHandler(TurnHandler):
    """Touches on the Echo Show's Back, Pause and Next buttons."""

    prefixes = ("Alexa.Presentation.APL.UserEvent",)


class SkillEventHandler(TurnHandler):
    """The runner disabled the skill: everything kept about them is deleted."""

    prefixes = ("AlexaSkillEvent.",)


class SessionEndedRequestHandler(TurnHandler):
    """Alexa closed the session: an empty response is all it accepts."""

    prefixes = ("SessionEndedRequest",)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("session ended: %s", getattr(request, "reason", None))
        return handler_input.response_builder.response


class DeviceExceptionHandler(TurnHandler):
    """The device could not follow one of our directives: log it."""

    prefixes = ("System.ExceptionEncountered",)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        error, cause = getattr(request, "error", None), getattr(request, "cause", None)
        log.error("device exception: %s (cause: %s)", error, cause)
        return handler_input.response_builder.response


class CatchAllRequestHandler(TurnHandler):
    """Any other request type: a fallback where speech is allowed, else an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = requests.request_type(handler_input)
        log.info("no handler for %s", kind)
        if kind not in SPEAKABLE:
            return handler_input.response_builder.response
        return take_turn(handler_input, self.services)


class ApologyExceptionHandler(AbstractExceptionHandler):
    """A failure inside a verified request: log it and apologise briefly in speech."""

    def __init__(self, services: TurnServices) -> None:
        self.services = services

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # A lost race for the runner's record is retried by the endpoint, not apologised for.
        return not isinstance(exception, StaleWriteError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        session = handler_input.request_envelope.session
        if session is not None:
            # Keep the session as it came: nothing of the failed request may stick.
            original = session.attributes if isinstance(session.attributes, dict) else {}
            handler_input.attributes_manager.session_attributes = deepcopy(original)
        builder = handler_input.response_builder
        try:
            kind = requests.request_type(handler_input)
            words = self.services.coach_for(requests.locale(handler_input)).words
        except Exception:  # noqa: BLE001 - a request too broken to read still gets an answer
            return builder.response
        if kind not in SPEAKABLE:
            return builder.response
        builder.speak(words("error")).ask(words("error"))
        builder.set_should_end_session(False)
        return builder.response


# Dispatch order: the catch-all last.
HANDLER_ORDER: tuple[type[TurnHandler], ...] = (
    LaunchRequestHandler,
    IntentRequestHandler,
    AudioPlayerEventHandler,
    PlaybackControllerHandler,
    ScreenButtonHandler,
    SkillEventHandler,
    SessionEndedRequestHandler,
    DeviceExceptionHandler,
    CatchAllRequestHandler,
)
