"""Real Alexa request envelopes for tests, shaped as a device sends them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
USER_ID = "amzn1.ask.account.TESTUSER"
DEVICE_ID = "amzn1.ask.device.TESTDEVICE"


def timestamp(now: datetime | None = None) -> str:
    """Alexa's timestamp format: ISO 8601 UTC with a Z."""
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Conversation:
    """One session: builds envelopes that carry the session attributes of the last answer."""

    def __init__(
        self,
        *,
        skill_id: str = SKILL_ID,
        user_id: str = USER_ID,
        locale: str = "en-US",
        interfaces: dict[str, Any] | None = None,
        clock: Any = None,
    ) -> None:
        self.clock = clock  # stamps requests with a test's clock instead of the real time
        self.skill_id = skill_id
        self.user_id = user_id
        self.locale = locale
        self.interfaces = interfaces if interfaces is not None else {}
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes: dict[str, Any] = {}
        self.new = True

    def envelope(self, request: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
        """A full envelope around a request body."""
        request = {
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": timestamp(now or (self.clock() if self.clock else None)),
            "locale": self.locale,
            **request,
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
                    "device": {
                        "deviceId": DEVICE_ID,
                        "supportedInterfaces": self.interfaces,
                    },
                    "apiEndpoint": "https://api.amazonalexa.com",
                    "apiAccessToken": "test-token",
                }
            },
            "request": request,
        }
        self.new = False
        return envelope

    def launch(self, **kw: Any) -> dict[str, Any]:
        return self.envelope({"type": "LaunchRequest"}, **kw)

    def intent(self, name: str, slots: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        """An IntentRequest; slots map names to spoken values or (value, resolved id)."""
        slot_json = {}
        for slot_name, value in (slots or {}).items():
            slot_json[slot_name] = slot(slot_name, value, self.skill_id)
        body = {
            "type": "IntentRequest",
            "dialogState": "COMPLETED",
            "intent": {"name": name, "confirmationStatus": "NONE", "slots": slot_json},
        }
        return self.envelope(body, **kw)

    def session_ended(self, reason: str = "USER_INITIATED", **kw: Any) -> dict[str, Any]:
        return self.envelope({"type": "SessionEndedRequest", "reason": reason}, **kw)

    def remember(self, response_json: dict[str, Any]) -> None:
        """Carry the answer's session attributes into the next request, as Alexa does."""
        self.attributes = response_json.get("sessionAttributes") or {}


def slot(name: str, value: Any, skill_id: str = SKILL_ID) -> dict[str, Any]:
    """A slot as Alexa fills it, with entity resolution when an id is given."""
    if value is None:
        return {"name": name, "confirmationStatus": "NONE"}
    spoken, resolved = value if isinstance(value, tuple) else (value, None)
    result: dict[str, Any] = {"name": name, "value": spoken, "confirmationStatus": "NONE"}
    authority = f"amzn1.er-authority.echo-sdk.{skill_id}.TYPE"
    if resolved is None:
        result["resolutions"] = {
            "resolutionsPerAuthority": [
                {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
            ]
        }
    else:
        result["resolutions"] = {
            "resolutionsPerAuthority": [
                {
                    "authority": authority,
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": {"name": spoken, "id": resolved}}],
                }
            ]
        }
    return result


def body_bytes(envelope: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed)."""
    return json.dumps(envelope, separators=(",", ":")).encode("utf-8")
