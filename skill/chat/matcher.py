"""Typed lines to requests: matched against the interaction model's own sample utterances and
slot values, as Alexa's recogniser would (roughly); unmatched lines are AMAZON.FallbackIntent."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Language:
    """How people open a skill and name the built-in intents, in one language."""

    launch_verbs: tuple[str, ...]  # "open foot warm up"
    my: tuple[str, ...]  # "open MY foot warm up"
    ask_verbs: tuple[str, ...]  # "ask foot warm up how many are left"
    joiners: tuple[str, ...]  # "ask foot warm up TO skip this one"
    built_ins: dict[str, list[str]]  # built-in intents answer to their own phrasings


ENGLISH = Language(
    launch_verbs=("start", "open", "launch", "begin", "load", "run", "play"),
    my=("my",),
    ask_verbs=("ask", "tell"),
    joiners=("to ", "for ", "about ", "if ", "whether "),
    built_ins={
        "AMAZON.NextIntent": ["next", "skip", "skip this", "next one please", "go forward"],
        "AMAZON.PreviousIntent": ["previous", "go back", "back", "last one", "previous one"],
        "AMAZON.RepeatIntent": [
            "repeat",
            "say that again",
            "repeat that",
            "again",
            "one more time",
        ],
        "AMAZON.StartOverIntent": ["start over", "restart", "start again", "from the top"],
        "AMAZON.PauseIntent": ["pause", "hold on", "wait", "pause it"],
        "AMAZON.ResumeIntent": ["resume", "unpause", "continue", "keep going"],
        "AMAZON.HelpIntent": ["help", "help me", "what can I say", "what can I do"],
        "AMAZON.StopIntent": ["stop", "shut up", "quit", "exit", "off"],
        "AMAZON.CancelIntent": ["cancel", "never mind", "forget it"],
        "AMAZON.NavigateHomeIntent": ["go home", "home"],
        "AMAZON.YesIntent": ["yes", "yeah", "yep", "sure", "okay", "please do"],
        "AMAZON.NoIntent": ["no", "nope", "no thanks", "don't"],
    },
)
FRENCH = Language(
    launch_verbs=("ouvre", "lance", "démarre", "commence", "joue", "mets", "active"),
    my=("mon", "ma", "mes", "l'", "le", "la"),
    ask_verbs=("demande à", "dis à", "demande au", "dis au"),
    joiners=("de ", "d'", "si ", "pour ", "combien ", "quel ", "quelle "),
    built_ins={
        "AMAZON.NextIntent": ["suivant", "passe", "prochain", "la suivante", "le suivant"],
        "AMAZON.PreviousIntent": ["précédent", "retour", "reviens en arrière", "le précédent"],
        "AMAZON.RepeatIntent": ["répète", "répète ça", "encore", "redis-le", "une autre fois"],
        "AMAZON.StartOverIntent": ["recommence", "recommencer", "du début", "reprends du début"],
        "AMAZON.PauseIntent": ["pause", "attends", "mets sur pause", "une seconde"],
        "AMAZON.ResumeIntent": ["reprends", "continue", "reprendre", "vas-y"],
        "AMAZON.HelpIntent": ["aide", "aide-moi", "qu'est-ce que je peux dire"],
        "AMAZON.StopIntent": ["arrête", "stop", "tais-toi", "quitte", "sors"],
        "AMAZON.CancelIntent": ["annule", "laisse faire", "oublie ça", "laisse tomber"],
        "AMAZON.NavigateHomeIntent": ["accueil", "retourne à l'accueil"],
        "AMAZON.YesIntent": ["oui", "ouais", "d'accord", "OK", "bien sûr", "certainement"],
        "AMAZON.NoIntent": ["non", "non merci", "pas du tout"],
    },
)
LANGUAGES = {"en": ENGLISH, "fr": FRENCH}


def normalise(text: str) -> str:
    """Lowercase words without punctuation, as the speech recogniser hands them over (letters
    of any language, accents kept; apostrophes and hyphens inside words kept)."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^\w'\- ]+|(?<!\w)[-']|[-'](?!\w)|_", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Match:
    """What a line resolved to: a launch, or an intent with slot values."""

    request_type: str  # LaunchRequest or IntentRequest
    intent: str | None = None
    slots: dict[str, tuple[str, str | None]] | None = None  # name -> (spoken, resolved id)


class UtteranceMatcher:
    """Resolves typed lines against one interaction model, as Alexa's NLU would (roughly)."""

    def __init__(self, model: dict[str, Any], locale: str = "en-US") -> None:
        self.language = LANGUAGES.get(locale.split("-")[0].lower(), ENGLISH)
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
        self.patterns: list[tuple[re.Pattern[str], str, dict[str, str], bool]] = []
        for intent in language["intents"]:
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                self.patterns.append((self._compile(sample), intent["name"], slot_types, True))
            for sample in self.language.built_ins.get(intent["name"], []):
                self.patterns.append((self._compile(sample), intent["name"], slot_types, False))

    @staticmethod
    def _compile(sample: str) -> re.Pattern[str]:
        """A sample as a pattern of whole words: a slot takes one or more whole words, so
        "do {exercise}" never matches "done"."""
        tokens = []
        for word in sample.split():
            slot = re.fullmatch(r"\{(\w+)\}", word)
            if slot:
                tokens.append(f"(?P<{slot.group(1)}>.+?)")
            elif normalise(word):
                tokens.append(re.escape(normalise(word)))
        return re.compile("^" + " ".join(tokens) + "$")

    def match(self, line: str) -> Match:
        """The request a device would send for these words."""
        words = normalise(line)
        if words.startswith("alexa "):
            words = words[len("alexa ") :]
        lang = self.language
        names = [self.invocation, *(f"{my} {self.invocation}" for my in lang.my)]
        names += [f"{my}{self.invocation}" for my in lang.my if my.endswith("'")]
        for verb in lang.launch_verbs:
            if any(words == f"{verb} {name}" for name in names):
                return Match("LaunchRequest")
        for verb in lang.ask_verbs:
            for name in names:
                prefix = f"{verb} {name} "
                if words.startswith(prefix):
                    words = words[len(prefix) :]
                    for joiner in lang.joiners:
                        if words.startswith(joiner):
                            words = words[len(joiner) :]
                            break
        # Like the real recogniser, prefer a reading whose slot values are known words, then
        # the sample that pins down the most of the sentence literally.
        best: tuple[tuple[bool, int, bool], Match] | None = None
        for pattern, intent, slot_types, ours in self.patterns:
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
            # On a tie, a sample of ours beats a built-in phrase, as a custom sample does.
            if best is None or (resolved, literal, ours) > best[0]:
                best = ((resolved, literal, ours), Match("IntentRequest", intent, slots))
        return best[1] if best else Match("IntentRequest", "AMAZON.FallbackIntent", {})


def load_model(path: Path) -> dict[str, Any]:
    """An ASK CLI interaction model file."""
    return json.loads(path.read_text("utf-8"))


def default_model_path(locale: str = "en-US") -> Path:
    """The repository's interaction model (this command is for a checkout of the project)."""
    return Path(__file__).resolve().parents[2] / "interaction_models" / f"{locale}.json"
