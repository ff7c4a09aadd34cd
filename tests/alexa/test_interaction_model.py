"""The voice model: ASK CLI shape, Amazon's naming rules, and a handler for every intent."""

import json
import re
from pathlib import Path

import pytest

from skill.alexa.skill_builder import handled_intents
from skill.publish.package import manifest, model_locales

ROOT = Path(__file__).resolve().parents[2]
MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text())
LANGUAGE = MODEL["interactionModel"]["languageModel"]
MANIFEST = manifest("https://warmup.example.com", model_locales())  # as skill-package writes it
LAUNCH_WORDS = {
    "ask",
    "tell",
    "open",
    "launch",
    "start",
    "begin",
    "enable",
    "play",
    "load",
    "resume",
    "run",
    "use",
    "talk",
    "say",
    "search",
    "go",
}
WAKE_WORDS = {"alexa", "amazon", "echo", "computer", "ziggy", "skill", "app"}
CUSTOM = [i for i in LANGUAGE["intents"] if not i["name"].startswith("AMAZON.")]


def normalise(sample: str, slot_types: dict[str, str]) -> str:
    """A sample as the recogniser sees it: case and spacing aside, each slot by its type."""
    filled = re.sub(r"\{(\w+)\}", lambda m: "{" + slot_types.get(m.group(1), "?") + "}", sample)
    return " ".join(filled.lower().split())


def test_invocation_name_follows_amazons_rules():
    name = LANGUAGE["invocationName"]
    words = name.split()
    assert name == name.lower() and len(words) >= 2
    assert re.fullmatch(r"[a-z' .]+", name)
    assert not set(words) & (LAUNCH_WORDS | WAKE_WORDS)
    assert name == "foot warm up"


def test_every_model_intent_has_a_handler_and_every_handler_intent_is_in_the_model():
    model_intents = {i["name"] for i in LANGUAGE["intents"]}
    assert model_intents == handled_intents()


def test_certification_built_ins_are_present():
    names = {i["name"] for i in LANGUAGE["intents"]}
    required = {
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
        "AMAZON.FallbackIntent",
    }
    assert required <= names


@pytest.mark.parametrize("intent", CUSTOM, ids=lambda i: i["name"])
def test_custom_intents_have_twenty_samples_with_words_not_digits(intent):
    assert len(intent["samples"]) >= 20
    for sample in intent["samples"]:
        assert not re.search(r"\d", sample), sample
        assert sample == sample.strip() and "  " not in sample


def test_no_sample_is_in_two_intents_or_twice_in_one():
    seen: dict[str, str] = {}
    for intent in LANGUAGE["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            key = normalise(sample, slot_types)
            assert key not in seen, f"{sample!r} in {intent['name']} and {seen.get(key)}"
            seen[key] = intent["name"]


def test_slots_are_declared_and_their_types_defined():
    types = {t["name"] for t in LANGUAGE["types"]}
    for intent in LANGUAGE["intents"]:
        declared = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            for slot in re.findall(r"\{(\w+)\}", sample):
                assert slot in declared, f"{intent['name']}: {sample}"
        for slot_type in declared.values():
            assert slot_type.startswith("AMAZON.") or slot_type in types


def test_exercise_names_match_the_routine(routine):
    values = next(t for t in LANGUAGE["types"] if t["name"] == "EXERCISE_NAME")["values"]
    assert [v["id"] for v in values] == [e.id for e in routine.exercises]
    assert [v["name"]["value"] for v in values] == [e.name for e in routine.exercises]
    every_word = [w for v in values for w in [v["name"]["value"], *v["name"]["synonyms"]]]
    assert len(every_word) == len(set(every_word))


def test_pace_ids_are_the_routines_paces(routine):
    values = next(t for t in LANGUAGE["types"] if t["name"] == "PACE")["values"]
    assert {v["id"] for v in values} == set(routine.pace_names)


def test_skill_manifest_points_at_the_web_service_and_uses_the_invocation_name():
    manifest = MANIFEST["manifest"]
    endpoint = manifest["apis"]["custom"]["endpoint"]
    assert endpoint["uri"].startswith("https://") and endpoint["uri"].endswith("/alexa")
    assert endpoint["sslCertificateType"] in {"Trusted", "Wildcard", "SelfSigned"}
    locale = manifest["publishingInformation"]["locales"]["en-US"]
    assert "Kawamoto" in locale["description"] and "Canadian Running" in locale["description"]
    for phrase in locale["examplePhrases"]:
        assert phrase.startswith("Alexa, ") and LANGUAGE["invocationName"] in phrase


def test_equipment_ids_are_the_routines(routine):
    values = next(t for t in LANGUAGE["types"] if t["name"] == "EQUIPMENT")["values"]
    assert {v["id"] for v in values} == set(routine.equipment)


def test_skill_disabled_events_are_subscribed():
    events = MANIFEST["manifest"]["events"]
    assert {"eventName": "SKILL_DISABLED"} in events["subscriptions"]
    assert events["endpoint"]["uri"] == MANIFEST["manifest"]["apis"]["custom"]["endpoint"]["uri"]


def test_equipment_words_and_exercise_words_never_overlap():
    """A bare "lacrosse ball" must mean the ball, not the exercise that uses it."""

    def words(type_name):
        values = next(t for t in LANGUAGE["types"] if t["name"] == type_name)["values"]
        return {w.lower() for v in values for w in [v["name"]["value"], *v["name"]["synonyms"]]}

    assert not words("EQUIPMENT") & words("EXERCISE_NAME")
    assert not words("PACE") & (words("EXERCISE_NAME") | words("EQUIPMENT"))


def test_the_skills_own_questions_can_be_answered_bare():
    answers = next(i for i in LANGUAGE["intents"] if i["name"] == "AnswerIntent")["samples"]
    assert {"{exercise}", "{pace}", "{equipment}", "the {equipment}"} <= set(answers)
