"""Echo Show screens: sent only to APL devices, with data straight from the manifest."""

import json

import pytest

from skill.core.manifest import load_manifest
from tests.conftest import Alexa

APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}}
AUDIO_AND_APL = {"AudioPlayer": {}, **APL}


def screens(data):
    return [
        d
        for d in data["response"].get("directives", [])
        if d["type"] == "Alexa.Presentation.APL.RenderDocument"
    ]


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


@pytest.fixture
def show(client, authority):
    return Alexa(client, authority, interfaces=APL)


def test_no_screen_for_devices_without_apl(alexa):
    assert screens(alexa.launch()) == []
    assert screens(alexa.say("AMAZON.NextIntent")) == []


def cue_delays(directive):
    """(delay, text) of each cue the screen will show, from its onMount commands."""
    commands = directive["document"]["onMount"][0]["commands"]
    return [
        (c["delay"], c["value"])
        for c in commands
        if c["componentId"] == "cue" and c["property"] == "text" and c["value"]
    ]


def test_the_screen_shows_the_manifest_part(show, manifest, routine):
    data = show.launch()
    [directive] = screens(data)
    screen = directive["datasources"]["warmup"]
    part = manifest.part("standard", 0, 0)
    assert screen["name"] == "Plantar massage" and screen["progress"] == "1 of 6"
    assert screen["label"] == "Left foot"
    assert screen["how"] == "Put the massage ball under your bare foot."
    [segment] = screen["segments"]
    assert segment["durationMs"] == part.duration_ms and segment["startMs"] == 0
    assert [(c["atMs"], c["text"]) for c in segment["cues"]] == [
        (c.at_ms, c.text) for c in part.cues
    ]
    # The clock ends with the part; the cue line follows the audio's timeline, shifted by the
    # speech before it.
    assert screen["endMs"] == screen["startDelayMs"] + part.duration_ms
    delays = [(delay - screen["startDelayMs"], text) for delay, text in cue_delays(directive)]
    assert delays == [(c.at_ms, c.text) for c in part.cues]
    assert 5_000 < screen["startDelayMs"] < 20_000
    assert [b["label"] for b in screen["buttons"]] == ["Back", "Pause", "Next"]
    assert len(json.dumps(data)) < 24_000


def test_every_part_of_both_paces_gets_a_matching_screen(show, manifest):
    for pace in ("standard", "quick"):
        data = show.say("ChangePaceIntent", pace=(pace, pace))
        if "Okay" not in data["response"]["outputSpeech"]["ssml"]:
            data = show.say("AMAZON.StartOverIntent")
        seen = []
        while not data["response"].get("shouldEndSession"):
            [directive] = screens(data)
            seen.append(directive["datasources"]["warmup"]["segments"][0]["durationMs"])
            assert len(json.dumps(data)) < 24_000
            data = show.say("AMAZON.NextIntent")
        assert seen == [p.duration_ms for ex in manifest.paces[pace] for p in ex]
        assert screens(data) == []  # the finish has no part to show


def test_questions_without_audio_keep_the_screen_as_it_is(show):
    show.launch()
    assert screens(show.say("ProgressIntent")) == []


def test_screen_buttons_work_like_the_spoken_words(show):
    show.launch()
    user_event = show.conversation.envelope(
        {
            "type": "Alexa.Presentation.APL.UserEvent",
            "token": "foot-warm-up-screen",
            "arguments": ["next"],
        }
    )
    data = show.send(user_event)
    assert "Plantar massage, right foot." in data["response"]["outputSpeech"]["ssml"]
    assert screens(data)[0]["datasources"]["warmup"]["label"] == "Right foot"
    pause = show.conversation.envelope(
        {"type": "Alexa.Presentation.APL.UserEvent", "arguments": ["pause"]}
    )
    assert "Take your time" in show.send(pause)["response"]["outputSpeech"]["ssml"]
    odd = show.conversation.envelope({"type": "Alexa.Presentation.APL.UserEvent", "arguments": [7]})
    assert show.send(odd)["response"] == {}


def test_hands_free_start_shows_the_screen_with_the_play(client, authority):
    device = Alexa(client, authority, interfaces=AUDIO_AND_APL)
    data = device.say("PlayRoutineIntent")
    types = [d["type"] for d in data["response"]["directives"]]
    assert types == ["AudioPlayer.Play", "Alexa.Presentation.APL.RenderDocument"]
    screen = screens(data)[0]["datasources"]["warmup"]
    # Hands free, the screen follows the whole queue: every clip gets its segment in turn.
    names = [s["name"] for s in screen["segments"]]
    assert names[0] == "Plantar massage" and names[-1] == "Pogo hops"
    assert screen["segments"][2]["label"] == "Getting ready"  # big toe mobility's intro
    starts = [s["startMs"] for s in screen["segments"]]
    assert starts == sorted(starts)
