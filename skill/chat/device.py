"""The simulated device: request envelopes for one user, carrying the session on."""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from skill.chat.matcher import Match


class Session:
    """Builds envelopes for one simulated device and carries the session on."""

    def __init__(self, skill_id: str, user_id: str, locale: str = "en-US") -> None:
        self.skill_id = skill_id
        self.user_id = user_id
        self.locale = locale
        self.restart()

    def restart(self) -> None:
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes: dict[str, Any] = {}
        self.new = True
        self.open = False

    def envelope(self, match: Match) -> dict[str, Any]:
        request: dict[str, Any] = {
            "type": match.request_type,
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": self.locale,
        }
        if match.request_type == "SessionEndedRequest":
            request["reason"] = "USER_INITIATED"
        if match.request_type == "IntentRequest":
            request["intent"] = {
                "name": match.intent,
                "confirmationStatus": "NONE",
                "slots": {n: _slot(n, v, i) for n, (v, i) in (match.slots or {}).items()},
            }
        application = {"applicationId": self.skill_id}
        user = {"userId": self.user_id}
        envelope = {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": self.attributes,
                "user": user,
            },
            "context": {
                "System": {
                    "application": application,
                    "user": user,
                    "device": {"deviceId": "amzn1.ask.device.CHAT", "supportedInterfaces": {}},
                }
            },
            "request": request,
        }
        self.new = False
        self.open = True
        return envelope

    def remember(self, answer: dict[str, Any]) -> None:
        self.attributes = answer.get("sessionAttributes") or {}
        if answer.get("response", {}).get("shouldEndSession", True) is not False:
            self.restart()


def _slot(name: str, value: str, resolved: str | None) -> dict[str, Any]:
    code = "ER_SUCCESS_MATCH" if resolved else "ER_SUCCESS_NO_MATCH"
    authority = {"authority": "amzn1.er-authority.echo-sdk.chat", "status": {"code": code}}
    if resolved:
        authority["values"] = [{"value": {"name": value, "id": resolved}}]
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "resolutions": {"resolutionsPerAuthority": [authority]},
    }


def http_transport(url: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Send envelopes to a running server."""

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps(envelope).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    return send
