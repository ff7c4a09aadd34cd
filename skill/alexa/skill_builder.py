"""Assemble the ask-sdk skill object from the coach and the handlers, in dispatch order."""

from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.handlers import HANDLER_ORDER, ApologyExceptionHandler, handled_intents
from skill.alexa.hands_free_handlers import HANDS_FREE_HANDLERS, HANDS_FREE_INTENTS
from skill.alexa.replies import Coach


def build_skill(
    coach: Coach, persistence_adapter: AbstractPersistenceAdapter | None = None
) -> CustomSkill:
    """A fresh skill whose handlers share one coach (nothing is built at import time)."""
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter)
    # Hands-free handlers first: they take voice commands only while our audio is playing.
    for handler_class in (*HANDS_FREE_HANDLERS, *HANDLER_ORDER):
        builder.add_request_handler(handler_class(coach))
    builder.add_exception_handler(ApologyExceptionHandler(coach))
    # The skill ID is checked before the SDK sees the request (skill.web.endpoint), where a
    # mismatch can become an HTTP 400 instead of the SDK's exception.
    return builder.create()


def all_handled_intents() -> set[str]:
    """Every intent some handler of the skill takes, for the model cross-check."""
    return handled_intents() | HANDS_FREE_INTENTS
