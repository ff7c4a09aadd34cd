"""The voice models, one per locale: ASK CLI shape, Amazon's naming rules, a handler for every
intent, and the same intents, slots and ids in every locale."""

import json
import re
from pathlib import Path

import pytest

from skill.alexa.skill_builder import handled_intents
from skill.core.routine_file import load_routine
from skill.publish.package import manifest, model_locales

ROOT = Path(__file__).resolve().parents[2]
LOCALES = model_locales()
MANIFEST = manifest("https://warmup.example.com", LOCALES)  # as skill-package writes it
LAUNCH_WORDS = {
    "en": {"ask", "tell", "open", "launch", "start", "begin", "enable", "play", "load", "resume"}
    | {"run", "use", "talk", "say", "search", "go"},
    "fr": {"ouvre", "ouvrir", "lance", "lancer", "démarre", "démarrer", "commence", "commencer"}
    | {"demande", "dis", "joue", "active", "utilise", "parle"},
}
WAKE_WORDS = {"alexa", "amazon", "echo", "computer", "ziggy", "skill", "app"}


def language_model(locale: str) -> dict:
    path = ROOT / "interaction_models" / f"{locale}.json"
    return json.loads(path.read_text("utf-8"))["interactionModel"]["languageModel"]


MODELS = {locale: language_model(locale) for locale in LOCALES}
CUSTOM = [
    (locale, intent)
    for locale, language in MODELS.items()
    for intent in language["intents"]
    if not intent["name"].startswith("AMAZON.")
]


def type_values(language: dict, name: str) -> list[dict]:
    return next(t for t in language["types"] if t["name"] == name)["values"]


def normalise(sample: str, slot_types: dict[str, str]) -> str:
    """A sample as the recogniser sees it: case and spacing aside, each slot by its type."""
    filled = re.sub(r"\{(\w+)\}", lambda m: "{" + slot_types.get(m.group(1), "?") + "}", sample)
    return " ".join(filled.lower().split())


def test_every_locale_we_speak_has_a_model():
    assert set(LOCALES) == {"en-US", "en-CA", "en-GB", "en-AU", "fr-CA"}


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name_follows_amazons_rules(locale):
    name = MODELS[locale]["invocationName"]
    words = name.split()
    assert name == name.lower() and len(words) >= 2
    assert re.fullmatch(r"[a-zà-ÿ' .]+", name)
    assert not set(words) & (LAUNCH_WORDS[locale[:2]] | WAKE_WORDS)
    if locale.startswith("en"):
        assert name == "foot warm up"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_model_intent_has_a_handler_and_every_handler_intent_is_in_the_model(locale):
    assert {i["name"] for i in MODELS[locale]["intents"]} == handled_intents()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_the_same_intents_slots_and_ids(locale):
    us, mine = MODELS["en-US"], MODELS[locale]

    def shape(language):
        intents = {
            i["name"]: sorted(s["name"] for s in i.get("slots", [])) for i in language["intents"]
        }
        ids = {t["name"]: sorted(v["id"] for v in t["values"]) for t in language["types"]}
        return intents, ids

    assert shape(mine) == shape(us)


@pytest.mark.parametrize(
    ("locale", "intent"), CUSTOM, ids=lambda x: x if isinstance(x, str) else x["name"]
)
def test_custom_intents_have_twenty_samples_with_words_not_digits(locale, intent):
    assert len(intent["samples"]) >= 20
    for sample in intent["samples"]:
        assert not re.search(r"\d", sample), sample
        assert sample == sample.strip() and "  " not in sample
        # A slot right after an apostrophe ("l'{exercise}") is never filled by the recogniser.
        assert not re.search(r"'\{", sample), sample


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sample_is_in_two_intents_or_twice_in_one(locale):
    seen: dict[str, str] = {}
    for intent in MODELS[locale]["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            key = normalise(sample, slot_types)
            assert key not in seen, f"{sample!r} in {intent['name']} and {seen.get(key)}"
            seen[key] = intent["name"]


@pytest.mark.parametrize("locale", LOCALES)
def test_slots_are_declared_and_their_types_defined(locale):
    language = MODELS[locale]
    types = {t["name"] for t in language["types"]}
    for intent in language["intents"]:
        declared = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            for slot in re.findall(r"\{(\w+)\}", sample):
                assert slot in declared, f"{intent['name']}: {sample}"
        for slot_type in declared.values():
            assert slot_type.startswith("AMAZON.") or slot_type in types


@pytest.mark.parametrize("locale", LOCALES)
def test_exercise_names_and_ids_match_the_locales_routine(locale):
    routine = load_routine(locale=locale)
    values = type_values(MODELS[locale], "EXERCISE_NAME")
    assert [v["id"] for v in values] == [e.id for e in routine.exercises]
    assert [v["name"]["value"] for v in values] == [e.name for e in routine.exercises]
    every_word = [w for v in values for w in [v["name"]["value"], *v["name"]["synonyms"]]]
    assert len(every_word) == len(set(every_word))
    assert {v["id"] for v in type_values(MODELS[locale], "PACE")} == set(routine.pace_names)
    assert {v["id"] for v in type_values(MODELS[locale], "EQUIPMENT")} == set(routine.equipment)


@pytest.mark.parametrize("locale", LOCALES)
def test_equipment_words_and_exercise_words_never_overlap(locale):
    """A bare "lacrosse ball" must mean the ball, not the exercise that uses it."""

    def words(type_name):
        values = type_values(MODELS[locale], type_name)
        return {w.lower() for v in values for w in [v["name"]["value"], *v["name"]["synonyms"]]}

    assert not words("EQUIPMENT") & words("EXERCISE_NAME")
    assert not words("PACE") & (words("EXERCISE_NAME") | words("EQUIPMENT"))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_skills_own_questions_can_be_answered_bare(locale):
    answers = next(i for i in MODELS[locale]["intents"] if i["name"] == "AnswerIntent")["samples"]
    assert {"{exercise}", "{pace}", "{equipment}"} <= set(answers)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_listing_uses_each_locales_invocation_name(locale):
    listing = MANIFEST["manifest"]["publishingInformation"]["locales"][locale]
    for phrase in listing["examplePhrases"]:
        assert phrase.startswith("Alexa, ") and MODELS[locale]["invocationName"] in phrase
    assert "Kawamoto" in listing["description"] and "Canadian Running" in listing["description"]


def test_the_manifest_points_at_the_web_service_and_distributes_where_we_speak():
    skill = MANIFEST["manifest"]
    endpoint = skill["apis"]["custom"]["endpoint"]
    assert endpoint == {"uri": "https://warmup.example.com/alexa", "sslCertificateType": "Trusted"}
    assert skill["events"]["endpoint"] == endpoint
    assert {"eventName": "SKILL_DISABLED"} in skill["events"]["subscriptions"]
    assert set(skill["publishingInformation"]["locales"]) == set(LOCALES)
    assert set(skill["publishingInformation"]["distributionCountries"]) == {"CA", "US", "GB", "AU"}
