"""One request, start to finish: read the runner's state, ask the coach, keep the new state,
render the answer. Every handler ends here, so every request follows the same path.

The store is the one truth of where a runner is: a question asked while hands free is answered
from the same place as one asked mid-session. Only a request that names no user (which Alexa
never sends) keeps its state in the session instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa import requests
from skill.alexa.action_table import action_for
from skill.alexa.render import respond
from skill.alexa.time_zones import local_date
from skill.alexa.tokens import decode
from skill.core.actions import Action, Facts, PlayerReport
from skill.core.coach import Coach
from skill.core.profile import State
from skill.storage.store import VERSION_KEY

log = logging.getLogger(__name__)

SESSION_KEY = "state"
SPEAKABLE = {"LaunchRequest", "IntentRequest", "Alexa.Presentation.APL.UserEvent"}


class RecordStore(Protocol):
    """Where runners' records live (see skill.storage.store)."""

    def load(self, user_id: str) -> dict[str, Any]: ...
    def save(self, user_id: str, attributes: dict[str, Any]) -> None: ...
    def delete(self, user_id: str) -> None: ...


@dataclass(frozen=True)
class TurnServices:
    """What every turn needs, built once per app."""

    coach_for: Callable[[str], Coach]  # request locale -> that locale's coach
    store: RecordStore | None
    audio_url: Callable[[str], str]
    clock: Callable[[], datetime]
    image_url: Callable[[str], str] | None = None  # picture name -> https address
    # (api endpoint, device id, token) -> IANA zone; None where it must not be asked.
    zone_lookup: Callable[[str, str, str], str | None] | None = None


def take_turn(handler_input: HandlerInput, services: TurnServices) -> Response:
    """Answer one request through the action table and the coach."""
    coach = services.coach_for(requests.locale(handler_input))
    return play_action(handler_input, services, coach, action_for(handler_input, coach))


def play_action(
    handler_input: HandlerInput, services: TurnServices, coach: Coach, action: Action
) -> Response:
    """Load, decide, save, render."""
    kind = requests.request_type(handler_input)
    can_speak = kind in SPEAKABLE
    user = requests.user_id(handler_input)
    raw = _load(handler_input, services, user)
    state = State.from_dict(raw, coach.shape)
    facts = _facts(handler_input, services, coach, state, can_speak)
    outcome = coach.decide(state, action, facts)
    for note in outcome.notes:
        log.info("%s: %s", action.name, note)
    if outcome.forget:
        _forget(handler_input, services, user)
    elif outcome.state.to_dict() != state.to_dict():
        _save(handler_input, services, user, raw, outcome.state)
    return respond(
        handler_input,
        outcome,
        coach,
        services.audio_url,
        image_url=services.image_url,
        can_speak=can_speak,
        has_screen=requests.has_screen(handler_input),
    )


def _facts(
    handler_input: HandlerInput, services: TurnServices, coach: Coach, state: State, can_speak: bool
) -> Facts:
    now = services.clock()
    zone = None
    kind = requests.request_type(handler_input)
    # Amazon's settings API is asked once a session at most, and only until the zone is known.
    first_turn = kind == "LaunchRequest" or requests.new_session(handler_input)
    if state.time_zone is None and services.zone_lookup is not None and first_turn:
        api = requests.settings_api(handler_input)
        zone = services.zone_lookup(*api) if api else None
    player = None
    reported = requests.player_state(handler_input)
    if reported is not None:
        token, offset, activity = reported
        manifest = coach.manifest
        clip = decode(token, manifest.routine_version, manifest.locale, coach.shape)
        player = PlayerReport(clip, offset, activity)
    return Facts(
        now=now,
        today=local_date(now, state.time_zone or zone),
        can_stream=requests.can_stream(handler_input),
        can_speak=can_speak,
        session=requests.session_id(handler_input),
        new_session=requests.new_session(handler_input),
        player=player,
        time_zone=zone,
    )


def _session(handler_input: HandlerInput) -> dict[str, Any] | None:
    if handler_input.request_envelope.session is None:
        return None
    attributes = handler_input.attributes_manager.session_attributes
    if not isinstance(attributes, dict):
        attributes = handler_input.attributes_manager.session_attributes = {}
    return attributes


def _load(handler_input: HandlerInput, services: TurnServices, user: str | None) -> dict:
    if user is not None and services.store is not None:
        return services.store.load(user)
    session = _session(handler_input)
    return dict(session.get(SESSION_KEY) or {}) if session is not None else {}


def _save(
    handler_input: HandlerInput,
    services: TurnServices,
    user: str | None,
    raw: dict[str, Any],
    state: State,
) -> None:
    if user is not None and services.store is not None:
        services.store.save(user, {**state.to_dict(), VERSION_KEY: raw.get(VERSION_KEY, 0)})
        return
    session = _session(handler_input)
    if session is not None:
        session[SESSION_KEY] = state.to_dict()


def _forget(handler_input: HandlerInput, services: TurnServices, user: str | None) -> None:
    if user is not None and services.store is not None:
        services.store.delete(user)
    session = _session(handler_input)
    if session is not None:
        session.pop(SESSION_KEY, None)
