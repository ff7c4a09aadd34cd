"""Assemble the ask-sdk skill from the turn services and the handlers, in dispatch order, and
offer it to the web layer as plain JSON in, plain JSON out."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope

from skill.alexa.action_table import INTENTS
from skill.alexa.handlers import HANDLER_ORDER, ApologyExceptionHandler
from skill.alexa.serializer import QuickSerializer
from skill.alexa.turn import TurnServices


class EnvelopeError(ValueError):
    """The body is JSON but not a request envelope the SDK can read."""


def build_skill(services: TurnServices) -> CustomSkill:
    """A fresh skill whose handlers share the services (nothing is built at import time)."""
    builder = SkillBuilder()
    for handler_class in HANDLER_ORDER:
        builder.add_request_handler(handler_class(services))
    builder.add_exception_handler(ApologyExceptionHandler(services))
    # The skill ID is checked before the SDK sees the request (skill.web.endpoint), where a
    # mismatch can become an HTTP 400 instead of the SDK's exception.
    return builder.create()


class WarmUpSkill:
    """The skill as the web layer sees it: a request body in, a response envelope out."""

    def __init__(self, services: TurnServices) -> None:
        self.services = services
        self.skill = build_skill(services)
        self.serializer = QuickSerializer()

    def parse(self, data: dict[str, Any]) -> RequestEnvelope:
        """The SDK's model of a request (already parsed JSON); EnvelopeError when it is not."""
        try:
            envelope = self.serializer.from_data(data, RequestEnvelope)
        except Exception as exc:  # noqa: BLE001 - the SDK raises many types for a bad envelope
            raise EnvelopeError(type(exc).__name__) from exc
        if envelope is None or envelope.request is None:
            raise EnvelopeError("no request")
        return envelope

    def answer(self, envelope: RequestEnvelope) -> dict[str, Any]:
        """Run the handlers; the response envelope as JSON-ready data."""
        return self.serializer.serialize(self.skill.invoke(envelope, None))


def handled_intents() -> set[str]:
    """Every intent the action table knows, for the model cross-check."""
    return set(INTENTS)
