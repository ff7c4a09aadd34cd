"""The simulated device: request envelopes for one user, carrying the session on, and an
audio player that follows AudioPlayer directives and reports on them as an Echo does."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from skill.chat.matcher import Match


class Session:
    """Builds envelopes for one simulated device and carries the session on."""

    def __init__(
        self, skill_id: str, user_id: str, locale: str = "en-US", *, audio_player: bool = True
    ) -> None:
        self.skill_id = skill_id
        self.user_id = user_id
        self.locale = locale
        self.player = AudioPlayer() if audio_player else None
        self.restart()

    def restart(self) -> None:
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes: dict[str, Any] = {}
        self.new = True
        self.open = False

    def _request(self, kind: str) -> dict[str, Any]:
        return {
            "type": kind,
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": self.locale,
        }

    def _context(self) -> dict[str, Any]:
        application = {"applicationId": self.skill_id}
        interfaces = {"AudioPlayer": {}} if self.player else {}
        context: dict[str, Any] = {
            "System": {
                "application": application,
                "user": {"userId": self.user_id},
                "device": {"deviceId": "amzn1.ask.device.CHAT", "supportedInterfaces": interfaces},
            }
        }
        if self.player is not None and self.player.item is not None:
            context["AudioPlayer"] = self.player.report()
        return context

    def event(self, kind: str, item: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
        """A player event: it names the item and offset, and carries no session."""
        request = self._request(kind)
        if item is not None:
            request["token"] = item["token"]
            request["offsetInMilliseconds"] = item.get("offset", 0)
        request.update(extra)
        return {"version": "1.0", "context": self._context(), "request": request}

    def envelope(self, match: Match) -> dict[str, Any]:
        request = self._request(match.request_type)
        if match.request_type == "SessionEndedRequest":
            request["reason"] = "USER_INITIATED"
        if match.request_type == "IntentRequest":
            request["intent"] = {
                "name": match.intent,
                "confirmationStatus": "NONE",
                "slots": {n: _slot(n, v, i) for n, (v, i) in (match.slots or {}).items()},
            }
        envelope = {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": {"applicationId": self.skill_id},
                "attributes": self.attributes,
                "user": {"userId": self.user_id},
            },
            "context": self._context(),
            "request": request,
        }
        self.new = False
        self.open = True
        return envelope

    def remember(self, answer: dict[str, Any]) -> None:
        self.attributes = answer.get("sessionAttributes") or {}
        if answer.get("response", {}).get("shouldEndSession", True) is not False:
            self.restart()


class AudioPlayer:
    """The device's player: one item playing or stopped, a queue behind it.

    It plays nothing in real time: the chat fast-forwards it, one item at a time, sending the
    same reports a device sends (started, nearly finished, finished, stopped).
    """

    def __init__(self) -> None:
        self.item: dict[str, Any] | None = None  # {"token", "url", "offset", "metadata"}
        self.queue: list[dict[str, Any]] = []
        self.activity = "IDLE"

    def report(self) -> dict[str, Any]:
        """The context's AudioPlayer object."""
        assert self.item is not None
        return {
            "token": self.item["token"],
            "offsetInMilliseconds": self.item.get("offset", 0),
            "playerActivity": self.activity,
        }

    @property
    def playing(self) -> bool:
        return self.activity == "PLAYING"

    def follow(self, directives: list[dict[str, Any]]) -> list[tuple[str, dict | None]]:
        """Apply a response's AudioPlayer directives; the events a device would send back."""
        events: list[tuple[str, dict | None]] = []
        for directive in directives:
            kind = directive.get("type")
            if kind == "AudioPlayer.Play":
                stream = directive["audioItem"]["stream"]
                item = {
                    "token": stream["token"],
                    "url": stream["url"],
                    "offset": stream.get("offsetInMilliseconds", 0),
                    "metadata": directive["audioItem"].get("metadata") or {},
                }
                if directive.get("playBehavior") == "ENQUEUE" and self.item is not None:
                    if stream.get("expectedPreviousToken") == self.item["token"]:
                        self.queue.append(item)
                    continue
                if self.playing:
                    events.append(("AudioPlayer.PlaybackStopped", self.item))
                self.item, self.queue, self.activity = item, [], "PLAYING"
                # Marked so the chat can say a clip starts again rather than carries on.
                events.append(("AudioPlayer.PlaybackStarted", {**item, "replayed": True}))
            elif kind == "AudioPlayer.Stop" and self.playing:
                self.activity = "STOPPED"
                events.append(("AudioPlayer.PlaybackStopped", self.item))
            elif kind == "AudioPlayer.ClearQueue":
                self.queue = []
        return events


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


class ServerRefused(RuntimeError):
    """The server answered, but not as an Alexa skill does; the message says why and what to do."""


def http_transport(url: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Send envelopes to a running server."""
    parts = urllib.parse.urlsplit(url)

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps(envelope).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            exc.close()  # the error page is not read; left open, it holds the socket
            if exc.code == 400:
                raise ServerRefused(
                    f"{url} refused the request (HTTP 400). A server that verifies requests "
                    "accepts only ones signed by Alexa, and the chat cannot sign: start it with "
                    "ALEXA_VERIFY_REQUESTS=false (scripts/run does) to try it locally"
                ) from None
            path = parts.path.rstrip("/")
            endpoint = path if path.endswith("/alexa") else "/alexa"
            if exc.code in (404, 405) and endpoint != parts.path:
                suggestion = urllib.parse.urlunsplit(parts._replace(path=endpoint))
                raise ServerRefused(
                    f"{url} has no Alexa endpoint (HTTP {exc.code}); did you mean {suggestion}?"
                ) from None
            raise ServerRefused(f"{url} answered HTTP {exc.code}") from None

    return send
