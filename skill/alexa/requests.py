"""One small reader per envelope field. Each tolerates a missing or odd field and says None,
since Alexa (or anyone who can sign a request) may send less than the model promises."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def request_type(handler_input: HandlerInput) -> str:
    return getattr(handler_input.request_envelope.request, "object_type", "") or ""


def intent_name(handler_input: HandlerInput) -> str | None:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    name = getattr(intent, "name", None)
    return name if isinstance(name, str) else None


def locale(handler_input: HandlerInput) -> str:
    value = getattr(handler_input.request_envelope.request, "locale", None)
    return value if isinstance(value, str) else ""


def session_id(handler_input: HandlerInput) -> str | None:
    session = handler_input.request_envelope.session
    value = getattr(session, "session_id", None)
    return value if isinstance(value, str) and value else None


def new_session(handler_input: HandlerInput) -> bool:
    return getattr(handler_input.request_envelope.session, "new", None) is True


def user_id(handler_input: HandlerInput) -> str | None:
    """The Alexa user a request is for (player and event requests have no session)."""
    envelope = handler_input.request_envelope
    system = getattr(getattr(envelope, "context", None), "system", None)
    value = getattr(getattr(system, "user", None), "user_id", None)
    if not value:
        value = getattr(getattr(envelope.session, "user", None), "user_id", None)
    return value if isinstance(value, str) and 0 < len(value) <= 512 else None


def _interfaces(handler_input: HandlerInput) -> Any:
    system = getattr(handler_input.request_envelope.context, "system", None)
    return getattr(getattr(system, "device", None), "supported_interfaces", None)


def can_stream(handler_input: HandlerInput) -> bool:
    """The device declares AudioPlayer."""
    return getattr(_interfaces(handler_input), "audio_player", None) is not None


def has_screen(handler_input: HandlerInput) -> bool:
    """The device declares APL."""
    return getattr(_interfaces(handler_input), "alexa_presentation_apl", None) is not None


def player_state(handler_input: HandlerInput) -> tuple[Any, int, str | None] | None:
    """(token, offset, activity) from the context's AudioPlayer, if the device sent one."""
    state = getattr(handler_input.request_envelope.context, "audio_player", None)
    if state is None:
        return None
    activity = getattr(state.player_activity, "value", state.player_activity)
    return state.token, _int(state.offset_in_milliseconds), activity


def event_token(handler_input: HandlerInput) -> tuple[Any, int]:
    """The token and offset an AudioPlayer event carries."""
    request = handler_input.request_envelope.request
    offset = getattr(request, "offset_in_milliseconds", None)
    if offset is None:  # PlaybackFailed says how far it got in its current playback state
        offset = getattr(
            getattr(request, "current_playback_state", None), "offset_in_milliseconds", 0
        )
    return getattr(request, "token", None), _int(offset)


def screen_arguments(handler_input: HandlerInput) -> list[Any]:
    """The arguments of an APL UserEvent (a touched button)."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None)
    return arguments if isinstance(arguments, list) else []


def settings_api(handler_input: HandlerInput) -> tuple[str, str, str] | None:
    """(API endpoint, device id, access token) for Amazon's settings API, when all are there."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    device = getattr(getattr(system, "device", None), "device_id", None)
    endpoint = getattr(system, "api_endpoint", None)
    token = getattr(system, "api_access_token", None)
    if all(isinstance(x, str) and x for x in (device, endpoint, token)):
        return endpoint, device, token
    return None


def slot_id(
    handler_input: HandlerInput, name: str, known: dict[str, str]
) -> tuple[str | None, bool]:
    """(resolved id, whether words were said at all): entity resolution first, else the spoken
    words matched against `known` (spoken words -> id)."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None)
    slot = slots.get(name) if isinstance(slots, dict) else None
    if slot is None:
        return None, False
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        values = getattr(authority, "values", None) or []
        if status == StatusCode.ER_SUCCESS_MATCH and values:
            resolved = getattr(getattr(values[0], "value", None), "id", None)
            if resolved in known.values():
                return resolved, True
    spoken = " ".join(str(getattr(slot, "value", None) or "").lower().split())
    return known.get(spoken) or known.get(bare(spoken)), bool(spoken)


# Articles and possessives a slot value may carry, in the languages we speak.
ARTICLES = ("the ", "a ", "an ", "my ", "le ", "la ", "les ", "l'", "un ", "une ", "mon ", "ma ")


def bare(words: str) -> str:
    """Words without a leading article: "la balle de lacrosse" -> "balle de lacrosse"."""
    for article in ARTICLES:
        if words.startswith(article):
            return words[len(article) :]
    return words
