"""POST /alexa: verify the request, hand it to the skill, return its JSON.

Every check runs on the raw bytes before anything is parsed by the SDK or stored; each
failure is an HTTP 400. Once a request is verified, a failure inside the skill is answered
with a spoken apology (HTTP 200, as Alexa expects), never a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from skill.alexa.skill_builder import EnvelopeError
from skill.core.locales import nearest
from skill.storage.store import StaleWriteError
from skill.web.request_checks import check_application_id, check_timestamp, parse_envelope
from skill.web.verify import VerificationError

log = logging.getLogger(__name__)
alexa_blueprint = Blueprint("alexa", __name__)

# Real Alexa requests are a few KB; anything far larger is not one.
MAX_BODY_BYTES = 128 * 1024
# How often a request that lost a race for the runner's record is run again.
MAX_ATTEMPTS = 5


def bad_request(reason: str) -> tuple[Response, int]:
    """HTTP 400. The reason goes to the host's log only: telling a caller which check failed
    (or what Amazon's certificate host answered) helps nobody but an attacker."""
    log.warning("rejected request: %s", reason)
    return jsonify(error="bad request"), 400


@alexa_blueprint.post("/alexa")
def alexa():
    """Answer one Alexa request."""
    shared = current_app.extensions["foot_warmup"]
    settings = shared.settings

    body = request.stream.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return bad_request("body too large")
    # The cheap checks first: nothing is fetched for a request they can already refuse.
    try:
        envelope = parse_envelope(body)
        if shared.verifier is not None:
            check_timestamp(envelope, shared.clock())
        if settings.skill_id is not None:
            check_application_id(envelope, settings.skill_id)
        if shared.verifier is not None:
            shared.verifier.verify_signature(request.headers, body)
    except VerificationError as exc:
        return bad_request(str(exc))

    try:
        request_envelope = shared.skill.parse(envelope)
    except EnvelopeError as exc:
        return bad_request(f"envelope does not parse: {exc}")

    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            answer = shared.skill.answer(request_envelope)
            # One line per request, so a host can see Alexa's requests arrive (no user IDs).
            if log.isEnabledFor(logging.INFO):
                log.info("answered %s", _what(envelope))
            return jsonify(answer)
        except StaleWriteError:
            # Another request for the same runner saved first: run again on fresh data.
            log.info("concurrent update, attempt %d of %d", attempt, MAX_ATTEMPTS)
        except Exception:  # noqa: BLE001 - a verified request always gets an answer Alexa can use
            log.exception("the skill failed outside its own error handler")
            break
    return jsonify(_apology(envelope))


def _what(envelope: dict[str, Any]) -> str:
    """ "IntentRequest NextIntent en-US": the request's type, intent and locale, for the log."""
    body = envelope.get("request")
    body = body if isinstance(body, dict) else {}
    intent = body.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    words = [body.get("type"), name, body.get("locale")]
    return " ".join(str(w)[:60] for w in words if isinstance(w, str))


def _apology(envelope: dict[str, Any]) -> dict[str, Any]:
    """A minimal valid response: spoken only where the request type allows speech."""
    request_type = envelope.get("request", {}).get("type")
    response: dict[str, Any] = {}
    if request_type in ("LaunchRequest", "IntentRequest"):
        coaches = current_app.extensions["foot_warmup"].coaches
        locale = envelope.get("request", {}).get("locale")
        text = coaches[nearest(locale if isinstance(locale, str) else None, tuple(coaches))].words(
            "error_outside"
        )
        response = {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
            "shouldEndSession": True,
        }
    return {"version": "1.0", "response": response}
