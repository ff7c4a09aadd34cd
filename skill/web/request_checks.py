"""The cheap checks every request passes before anything is fetched or parsed by the SDK:
well-formed JSON of sensible depth, a recent timestamp, and this skill's ID."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from skill.web.verify import (
    SKILL_EVENT_TOLERANCE_S,
    TIMESTAMP_TOLERANCE_S,
    VerificationError,
)

# Real envelopes nest about eight deep; far deeper is an attack on the parser, refused unread.
MAX_JSON_DEPTH = 64
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def parse_envelope(body: bytes) -> dict[str, Any]:
    """The body as a request envelope: JSON no deeper than MAX_JSON_DEPTH, with a request in
    it; VerificationError for anything else, however it fails."""
    depth = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub(b'""', body)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > MAX_JSON_DEPTH:
            raise VerificationError(f"JSON nested more than {MAX_JSON_DEPTH} deep")
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise VerificationError("body is not JSON") from exc
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise VerificationError("not an Alexa request envelope")
    return envelope


def check_timestamp(
    envelope: Mapping[str, Any], now: datetime, tolerance_s: int | None = None
) -> None:
    """The request must have been made within 150 s of now (an hour for skill events)."""
    request = envelope.get("request")
    if tolerance_s is None:
        kind = request.get("type") if isinstance(request, Mapping) else None
        is_event = isinstance(kind, str) and kind.startswith("AlexaSkillEvent.")
        tolerance_s = SKILL_EVENT_TOLERANCE_S if is_event else TIMESTAMP_TOLERANCE_S
    raw = request.get("timestamp") if isinstance(request, Mapping) else None
    if not isinstance(raw, str):
        raise VerificationError("request timestamp is missing")
    try:
        stamp = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise VerificationError("request timestamp is malformed") from exc
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    if abs(now - stamp) > timedelta(seconds=tolerance_s):
        raise VerificationError("request timestamp is too far from now")


def check_application_id(envelope: Mapping[str, Any], skill_id: str) -> None:
    """Every application ID the envelope carries must be this skill's."""
    found = []
    session = envelope.get("session")
    if isinstance(session, Mapping):
        found.append(_dig(session, "application", "applicationId"))
    context = envelope.get("context")
    if isinstance(context, Mapping):
        found.append(_dig(context, "System", "application", "applicationId"))
    found = [value for value in found if value is not None]
    if not found:
        raise VerificationError("request carries no application ID")
    for value in found:
        if value != skill_id:
            # Only the log sees this (the answer is a plain 400): a host with the wrong
            # ALEXA_SKILL_ID needs both IDs to fix it. repr and a cap keep the log line safe.
            got = repr(str(value)[:80])
            raise VerificationError(f"request is for another skill ({got}, expected {skill_id!r})")


def _dig(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data
