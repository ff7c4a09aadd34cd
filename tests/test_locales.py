"""Every locale, end to end: a whole guided warm-up and a whole hands-free one through
virtual-alexa with that locale's own model, every spoken response valid SSML, and its audio
built to the same format and loudness."""

from __future__ import annotations

import json
import logging

import mutagen.mp3
import pytest

from skill.audio.loudness import MAX_TRUE_PEAK_DB, TARGET_LUFS
from skill.core.locales import LOCALES
from skill.core.manifest import load_manifest
from skill.core.routine_file import load_routine
from tests.conftest import Alexa
from tests.servers import run_node
from tests.virtual_alexa import MODELS, converse, record, speech

NEARLY, FINISHED = {"audio": "nearlyFinished"}, {"audio": "finished"}


@pytest.fixture(scope="module")
def server(audio_all, tmp_path_factory):
    from tests.servers import free_port, start_server, stop_server

    port = free_port()
    database = f"sqlite:///{tmp_path_factory.mktemp('locales') / 'progress.sqlite3'}"
    env = {
        "AUDIO_DIR": str(audio_all[0]),
        "DATABASE_URL": database,
        "PUBLIC_BASE_URL": "https://warmup.example.com",
    }
    process = start_server(env, port)
    yield f"http://127.0.0.1:{port}/alexa", database
    stop_server(process)


def samples(locale: str, intent: str) -> list[str]:
    """The locale's own sample phrases for a custom intent (those virtual-alexa can say)."""
    language = json.loads((MODELS / f"{locale}.json").read_text("utf-8"))
    found = next(
        i for i in language["interactionModel"]["languageModel"]["intents"] if i["name"] == intent
    )
    return [s for s in found["samples"] if "{" not in s and "-" not in s]


def ssml_problems(texts: list[str]) -> list:
    return [r for r in run_node("ssml_check.js", texts) if r]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_whole_guided_warm_up_in_each_locale(server, locale):
    url, database = server
    routine = load_routine(locale=locale)
    nexts = samples(locale, "NextExerciseIntent")
    turns = [({"launch": True}, "LaunchRequest")]
    turns += [({"say": nexts[n % len(nexts)]}, "NextExerciseIntent") for n in range(7)]
    results = converse(url, turns, locale=locale)
    said = [speech(r) for r in results]
    heard = " ".join(said)
    positions = [heard.find(e.name) for e in routine.exercises]
    assert -1 not in positions and positions == sorted(positions), (locale, positions)
    assert results[-1]["response"]["shouldEndSession"] is True
    stored = record(database, results[0]["user"])
    assert len(stored["history"]) == 1 and len(stored["history"][0]["done"]) == 6
    assert not ssml_problems([s for s in said if s])


@pytest.mark.parametrize("locale", LOCALES)
def test_a_whole_hands_free_warm_up_in_each_locale(server, audio_all, locale):
    url, database = server
    manifest = load_manifest(audio_all[0], locale)
    play = samples(locale, "PlayRoutineIntent")[0]
    clips = 6 + 13 + 2  # intros after the first, the parts of the full pace, finish and tally
    turns = [({"say": play}, "PlayRoutineIntent")]
    turns += [(step, None) for _ in range(clips) for step in (NEARLY, FINISHED)]
    results = converse(url, turns, locale=locale)
    played = {r["playing"] for r in results if r.get("playing")}
    paths = set()
    for result in results:
        for d in (result["response"] or {}).get("directives", []):
            if d["type"] == "AudioPlayer.Play":
                paths.add(d["audioItem"]["stream"]["url"].split("/audio/", 1)[1])
    parts = {p.path for ex in manifest.paces["standard"] for p in ex}
    assert parts <= paths, sorted(parts - paths)[:3]
    assert manifest.send_offs["done-all"].path in paths
    assert all(path.startswith(f"{locale}/") for path in paths)
    assert played
    stored = record(database, results[0]["user"])
    assert stored["mode"] == "hands_free" and len(stored["history"]) == 1
    assert len(stored["history"][0]["done"]) == 6
    assert not ssml_problems([speech(r) for r in results if speech(r)])


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locales_audio_is_built_to_the_same_format_and_loudness(audio_all, locale):
    folder, reports = audio_all
    manifest = load_manifest(folder, locale)
    report = reports[locale]
    assert set(report.loudness) == set(manifest.paths())  # every file measured by the build
    for path, (lufs, peak) in report.loudness.items():
        assert abs(lufs - TARGET_LUFS) <= 1 and peak <= MAX_TRUE_PEAK_DB, (path, lufs, peak)
    for path in sorted(manifest.paths())[:: max(1, len(manifest.paths()) // 8)]:
        info = mutagen.mp3.MP3(folder / path).info
        assert (info.sample_rate, info.channels, info.bitrate) == (24_000, 1, 48_000), path


def test_a_locale_we_do_not_speak_is_answered_in_the_nearest(
    make_app, authority, audio_all, caplog
):
    caplog.set_level(logging.INFO, logger="skill")
    client = make_app(AUDIO_DIR=str(audio_all[0])).test_client()
    indian = Alexa(client, authority, locale="en-IN").launch()
    assert "Welcome to Foot Warm Up" in indian["response"]["outputSpeech"]["ssml"]
    assert "requests in 'en-IN' are answered in en-US" in caplog.text
    french = Alexa(client, authority, locale="fr-FR").launch()["response"]["outputSpeech"]["ssml"]
    assert (
        french
        == Alexa(client, authority, locale="fr-CA").launch()["response"]["outputSpeech"]["ssml"]
    )


# Words to fill each slot with, per language.
FILLERS = {
    "en": {"exercise": "short foot", "pace": "quick", "equipment": "lacrosse ball"},
    "fr": {"exercise": "pied court", "pace": "rapide", "equipment": "balle de lacrosse"},
}


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en-US"])
def test_every_sample_reaches_its_intent_in_each_locale(server, locale):
    """en-US's are checked in test_virtual_alexa.py; a phrase that another intent's slot would
    swallow ("c'est beau" beside "c'est {exercise}") fails here."""
    import re

    url, _ = server
    model = json.loads((MODELS / f"{locale}.json").read_text("utf-8"))
    fill = FILLERS[locale.split("-")[0]]
    turns: list[tuple[dict, str | None]] = [({"launch": True}, "LaunchRequest")]
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        if intent["name"].startswith("AMAZON.") or intent["name"] == "ForgetHistoryIntent":
            continue
        for sample in intent["samples"]:
            words = re.sub(r"\{(\w+)\}", lambda m: fill[m.group(1)], sample)
            # virtual-alexa turns anything with these words into a launch, and splits hyphens.
            if re.search(r"\b(ask|open|launch|tell)\b", words) or "-" in words:
                continue
            turns.append(({"say": words}, intent["name"]))
    assert len(converse(url, turns, locale=locale)) > 300
