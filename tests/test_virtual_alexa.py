"""Conversations driven by virtual-alexa (npm), a real Alexa client, against the real server.

virtual-alexa reads our interaction model, turns each utterance into the request a device would
send and POSTs it over HTTP. Every turn states the intent its words must reach, so a sample that
stops resolving (renamed, moved, deleted) fails here.
"""

import json
import re

import pytest

from tests.virtual_alexa import MODELS, converse, speech

MODEL = MODELS / "en-US.json"


@pytest.fixture
def server(va_server):
    return va_server[0]


def test_launch_and_a_whole_routine_by_voice(server, routine):
    done = [
        "I'm done",
        "ready",
        "finished",
        "next",
        "I'm ready for the next one",
        "all done",
        "next exercise",
        "move on",
        "got it",
    ]
    turns = [({"launch": True}, "LaunchRequest"), ({"say": "make it quick"}, "ChangePaceIntent")]
    turns += [({"say": phrase}, None) for phrase in done[:6]]
    results = converse(server, turns)
    heard = [re.search(r"Exercise (\d) of 6: ([a-z ]+)\.", speech(r)) for r in results]
    names = [m.group(2) for m in heard if m]
    # Quick pace: the massage is one part, replayed once by the pace change.
    assert names == ["plantar massage"] + [e.name for e in routine.exercises]
    assert "All six, done" in speech(results[-1])
    assert results[-1]["response"]["shouldEndSession"] is True
    expected = [
        "NextExerciseIntent",
        "NextExerciseIntent",
        "NextExerciseIntent",
        "AMAZON.NextIntent",
        "NextExerciseIntent",
        "NextExerciseIntent",
    ]
    assert [r["intent"] for r in results[2:]] == expected


def test_the_odd_turns(server):
    results = converse(
        server,
        [
            ({"launch": True}, "LaunchRequest"),
            ({"say": "previous"}, "AMAZON.PreviousIntent"),
            ({"say": "help"}, "AMAZON.HelpIntent"),
            ({"say": "how do I do this one"}, "HowToIntent"),
            ({"say": "go to toe yoga"}, "GoToExerciseIntent"),
            ({"say": "how many are left"}, "ProgressIntent"),
            ({"intend": "AMAZON.FallbackIntent"}, "AMAZON.FallbackIntent"),
            ({"say": "skip this one"}, "SkipExerciseIntent"),
            ({"say": "who made this"}, "AboutIntent"),
            ({"say": "stop"}, "AMAZON.StopIntent"),
        ],
    )
    said = [speech(r) for r in results]
    assert "first one, so let's do it again" in said[1]
    assert "You're on plantar massage, left foot" in said[2]
    assert "Roll the textured ball" in said[3]
    assert "Exercise 4 of 6: toe yoga" in said[4]
    assert "exercise 4 of 6. Two more after this one." in said[5]
    assert "didn't catch that" in said[6]
    assert "Skipping toe yoga" in said[7] and "single leg balance" in said[7]
    assert "Kawamoto" in said[8]
    assert "You stopped at single leg balance" in said[9]
    assert results[2]["slots"] == {} and results[4]["slots"] == {"exercise": "toe yoga"}


def test_samples_of_every_custom_intent_reach_it(server):
    model = json.loads(MODEL.read_text())["interactionModel"]["languageModel"]
    turns = [({"launch": True}, "LaunchRequest")]
    fillers = {"exercise": "short foot", "pace": "quick", "equipment": "lacrosse ball"}
    for intent in model["intents"]:
        if intent["name"].startswith("AMAZON.") or intent["name"] == "ForgetHistoryIntent":
            continue
        for sample in intent["samples"]:
            words = re.sub(r"\{(\w+)\}", lambda m: fillers[m.group(1)], sample)
            # virtual-alexa turns anything with "ask", "open", "launch" or "tell" into a launch.
            if re.search(r"\b(ask|open|launch|tell)\b", words):
                continue
            turns.append(({"say": words}, intent["name"]))
    results = converse(server, turns)
    assert len(results) > 30


def test_an_echo_show_gets_the_screen(server):
    apl = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}}
    results = converse(server, [({"launch": True}, "LaunchRequest")], interfaces=apl)
    types = [d["type"] for d in results[0]["response"].get("directives", [])]
    assert types == ["Alexa.Presentation.APL.RenderDocument"]
    plain = converse(server, [({"launch": True}, "LaunchRequest")])
    assert not plain[0]["response"].get("directives")
