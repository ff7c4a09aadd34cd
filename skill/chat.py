"""`foot-warmup chat`: talk to the skill in a terminal, the way a device would.

Each typed line is matched against the interaction model's own sample utterances and slot
values (unmatched lines go to AMAZON.FallbackIntent, as on a device), wrapped in a real request
envelope, and sent to the skill: in process, or to a running server with --url. Answers are
shown as Alexa would say them, with each audio clip as its timed cue lines.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from skill.core.manifest import Manifest

LAUNCH_VERBS = ("start", "open", "launch", "begin", "load", "run")

# Built-in intents answer to their own phrasings, not to samples in the model.
BUILT_IN_PHRASES = {
    "AMAZON.NextIntent": ["next", "skip", "skip this", "next one please", "go forward"],
    "AMAZON.PreviousIntent": ["previous", "go back", "back", "last one", "previous one"],
    "AMAZON.RepeatIntent": ["repeat", "say that again", "repeat that", "again", "one more time"],
    "AMAZON.StartOverIntent": ["start over", "restart", "start again", "from the top"],
    "AMAZON.PauseIntent": ["pause", "hold on", "wait", "pause it"],
    "AMAZON.ResumeIntent": ["resume", "unpause", "continue", "keep going"],
    "AMAZON.HelpIntent": ["help", "help me", "what can I say", "what can I do"],
    "AMAZON.StopIntent": ["stop", "shut up", "quit", "exit", "off"],
    "AMAZON.CancelIntent": ["cancel", "never mind", "forget it"],
    "AMAZON.NavigateHomeIntent": ["go home", "home"],
    "AMAZON.YesIntent": ["yes", "yeah", "yep", "sure", "okay", "please do"],
    "AMAZON.NoIntent": ["no", "nope", "no thanks", "don't"],
}


def normalise(text: str) -> str:
    """Lowercase words without punctuation, as the speech recogniser hands them over."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Match:
    """What a line resolved to: a launch, or an intent with slot values."""

    request_type: str  # LaunchRequest or IntentRequest
    intent: str | None = None
    slots: dict[str, tuple[str, str | None]] | None = None  # name -> (spoken, resolved id)


class UtteranceMatcher:
    """Resolves typed lines against one interaction model, as Alexa's NLU would (roughly)."""

    def __init__(self, model: dict[str, Any]) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalise(language["invocationName"])
        self.types: dict[str, dict[str, str]] = {}
        for slot_type in language.get("types", []):
            words = {}
            for value in slot_type["values"]:
                name = value["name"]
                resolved = value.get("id") or name["value"]
                for word in [name["value"], *name.get("synonyms", [])]:
                    words[normalise(word)] = resolved
            self.types[slot_type["name"]] = words
        self.patterns: list[tuple[re.Pattern[str], str, dict[str, str]]] = []
        for intent in language["intents"]:
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            samples = intent.get("samples", [])
            samples = samples + BUILT_IN_PHRASES.get(intent["name"], [])
            for sample in samples:
                self.patterns.append((self._compile(sample), intent["name"], slot_types))

    @staticmethod
    def _compile(sample: str) -> re.Pattern[str]:
        pieces = re.split(r"(\{\w+\})", sample)
        regex = ""
        for piece in pieces:
            slot = re.fullmatch(r"\{(\w+)\}", piece)
            if slot:
                regex += f"(?P<{slot.group(1)}>.+?)"
            else:
                regex += re.escape(normalise(piece)) if piece.strip() else re.escape(piece)
        regex = re.sub(r"(\\ )+", r"\\s*", regex)  # tolerate spacing around slots
        return re.compile(f"^{regex}$")

    def match(self, line: str) -> Match:
        """The request a device would send for these words."""
        words = normalise(line)
        if words.startswith("alexa "):
            words = words[len("alexa ") :]
        for verb in LAUNCH_VERBS:
            for form in (f"{verb} {self.invocation}", f"{verb} my {self.invocation}"):
                if words == form:
                    return Match("LaunchRequest")
        for verb in ("ask", "tell"):
            for name in (self.invocation, f"my {self.invocation}"):
                prefix = f"{verb} {name} "
                if words.startswith(prefix):
                    words = words[len(prefix) :]
                    for joiner in ("to ", "for ", "about ", "if ", "whether "):
                        if words.startswith(joiner):
                            words = words[len(joiner) :]
                            break
        # Like the real recogniser, prefer a reading whose slot values are known words, then
        # the sample that pins down the most of the sentence literally.
        best: tuple[tuple[bool, int], Match] | None = None
        for pattern, intent, slot_types in self.patterns:
            found = pattern.match(words)
            if not found:
                continue
            slots = {}
            for name, value in found.groupdict().items():
                value = value.strip()
                known = self.types.get(slot_types.get(name, ""), {})
                slots[name] = (value, known.get(normalise(value)))
            resolved = all(resolved_id for _, resolved_id in slots.values())
            literal = len(words) - sum(len(v) for v, _ in slots.values())
            if not literal and not resolved:
                continue  # a bare slot sample takes only words of its slot type
            if best is None or (resolved, literal) > best[0]:
                best = ((resolved, literal), Match("IntentRequest", intent, slots))
        return best[1] if best else Match("IntentRequest", "AMAZON.FallbackIntent", {})


def load_model(path: Path) -> dict[str, Any]:
    """An ASK CLI interaction model file."""
    return json.loads(path.read_text("utf-8"))


def default_model_path(locale: str = "en-US") -> Path:
    """The repository's interaction model (this command is for a checkout of the project)."""
    return Path(__file__).resolve().parent.parent / "interaction_models" / f"{locale}.json"


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


AUDIO_TAG = re.compile(r'<audio src="([^"]+)"/>')


def minutes(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def render(answer: dict[str, Any], manifest: Manifest | None) -> list[str]:
    """What Alexa would say: plain text, each audio clip as its duration and timed cues."""
    speech = answer.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    parts_by_path = {}
    if manifest is not None:
        for exercises in manifest.paces.values():
            for parts in exercises:
                for part in parts:
                    parts_by_path[part.path] = part
    lines: list[str] = []
    for index, piece in enumerate(
        AUDIO_TAG.split(speech.replace("<speak>", "").replace("</speak>", ""))
    ):
        if index % 2 == 0:
            text = html.unescape(re.sub(r"<[^>]+>", "", piece)).strip()
            if text:
                lines.append(text)
            continue
        path = piece.split("/audio/", 1)[-1]
        part = parts_by_path.get(path)
        if part is None:
            lines.append(f"[audio {piece}]")
            continue
        name = part.exercise_id.replace("_", " ")
        lines.append(f"[audio {minutes(part.duration_ms)}: {name}, {part.label}]")
        lines.extend(f"   {minutes(cue.at_ms)}  {cue.text}" for cue in part.cues)
    return lines


def audio_files(answer: dict[str, Any]) -> list[str]:
    """The audio URLs an answer plays."""
    speech = answer.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    return AUDIO_TAG.findall(speech)


PLAYERS = (
    ["mpg123", "-q"],
    ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"],
    ["mpv", "--no-video"],
    ["play", "-q"],
)


def find_player() -> list[str] | None:
    """A command-line MP3 player on this machine, if there is one."""
    for command in PLAYERS:
        if shutil.which(command[0]):
            return command
    return None


def play(player: list[str], target: str) -> None:
    subprocess.run([*player, target], check=False)


def http_transport(url: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Send envelopes to a running server."""

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps(envelope).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    return send
