"""The seams between talking, hands-free play, buttons and coming back later, tried the way a
runner would, through virtual-alexa (a real Alexa client, AudioPlayer included) and the real
server. Each turn names the intent its words must reach."""

from __future__ import annotations

import re

import pytest

from skill.alexa.tokens import decode
from skill.core.manifest import load_manifest
from tests.virtual_alexa import converse, directive_types, record, speech

NEARLY = {"audio": "nearlyFinished"}
FINISHED = {"audio": "finished"}
APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}}


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def playing(result, manifest):
    """(exercise, "i" for an intro or the part number, pace) of what the player has loaded."""
    clip = decode(result["playing"], manifest.routine_version, "en-US", manifest.shape())
    if clip is None:
        return None
    if clip.place is None:
        return clip.send_off
    return clip.place.exercise, "i" if clip.kind == "intro" else clip.place.part, clip.place.pace


def play_through(n):
    """Let the player reach the end of n clips, as a device does."""
    return [(step, None) for _ in range(n) for step in (NEARLY, FINISHED)]


def test_questions_while_hands_free_answer_from_the_playing_place(va_server, manifest):
    url, _ = va_server
    turns = [
        ({"say": "play it hands free"}, "PlayRoutineIntent"),
        *play_through(2),  # massage left, massage right -> big toe mobility's intro
        ({"say": "how many are left"}, "ProgressIntent"),
        ({"say": "help"}, "AMAZON.HelpIntent"),
        ({"say": "how do I do this one"}, "HowToIntent"),
        ({"say": "how long is left"}, "TimeLeftIntent"),
        ({"say": "which foot"}, "WhichFootIntent"),
        ({"intend": "AMAZON.FallbackIntent"}, "AMAZON.FallbackIntent"),
        ({"say": "start"}, "StartRoutineIntent"),  # the old advice: it must not restart
    ]
    results = converse(url, turns)
    asked = results[5:]
    assert "You're on big toe mobility, exercise 2 of 6. Four more after this one." in speech(
        asked[0]
    )
    assert "playing straight through" in speech(asked[1])
    assert "Stand facing a wall" in speech(asked[2])
    assert re.search(r"About \w+ minutes to go", speech(asked[3]))
    assert "Left foot now. Then the right foot." in speech(asked[4])
    assert "didn't catch that" in speech(asked[5])
    for result in asked:
        assert "haven't started" not in speech(result) and "Say start" not in speech(result)
        # The stream carries on with the part that was playing.
        assert playing(result, manifest) == (1, "i", "standard"), result["turn"]
        assert result["activity"] == "PLAYING"


def test_step_by_step_sticks_until_asked_otherwise(va_server, manifest):
    url, database = va_server
    results = converse(
        url,
        [
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
            ({"say": "step by step"}, "StepByStepIntent"),
            ({"say": "next"}, "AMAZON.NextIntent"),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
        ],
    )
    switched = results[1]
    assert "AudioPlayer.Stop" in directive_types(switched) and "<audio src=" in speech(switched)
    assert results[1]["activity"] == "STOPPED"
    nxt = results[2]
    assert "Plantar massage, right foot." in speech(nxt) and "<audio src=" in speech(nxt)
    assert "AudioPlayer.Play" not in directive_types(nxt)
    assert "You stopped at plantar massage, right foot" in speech(results[3])
    # Tomorrow's launch is guided: the offer of the place, no stream.
    assert "Say continue, or start over." in speech(results[4])
    assert "AudioPlayer.Play" not in directive_types(results[4])
    assert record(database, results[0]["user"])["mode"] == "guided"


def test_hands_free_continues_where_the_runner_is(va_server, manifest):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"launch": True}, "LaunchRequest"),
            ({"say": "next"}, "AMAZON.NextIntent"),
            ({"say": "next"}, "AMAZON.NextIntent"),  # exercise 2, guided, played
            ({"say": "play it hands free"}, "PlayRoutineIntent"),  # the rest: from exercise 3
            *play_through(1),
            ({"offset": 30_000}, None),
            ({"say": "pause"}, "AMAZON.PauseIntent"),
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
        ],
    )
    assert playing(results[3], manifest) == (2, "i", "standard")
    assert "Hands free from short foot" in speech(results[3])
    assert results[7]["activity"] == "STOPPED"
    resumed = results[8]
    assert playing(resumed, manifest) == (2, 0, "standard")
    [play] = [d for d in resumed["response"]["directives"] if d["type"] == "AudioPlayer.Play"]
    assert play["audioItem"]["stream"]["offsetInMilliseconds"] == 30_000


def test_go_to_and_pace_keep_the_mode_and_the_pace(va_server, manifest):
    url, database = va_server
    results = converse(
        url,
        [
            ({"say": "make it quick"}, "ChangePaceIntent"),
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
            ({"say": "go to pogo hops"}, "GoToExerciseIntent"),
            ({"say": "the full one"}, "ChangePaceIntent"),
            ({"say": "go back one"}, "GoBackIntent"),
            ({"say": "stop"}, "AMAZON.StopIntent"),
        ],
    )
    assert playing(results[1], manifest)[2] == "quick"
    assert playing(results[2], manifest) == (5, "i", "quick")
    assert playing(results[3], manifest) == (5, "i", "standard")
    assert "Okay, the full warm up." in speech(results[3])
    assert playing(results[4], manifest) == (4, "i", "standard")
    assert "You stopped at single leg balance" in speech(results[5])
    stored = record(database, results[0]["user"])
    assert stored["mode"] == "hands_free" and stored["pace"] == "standard"


def test_a_device_that_cannot_stream_explains_once_and_still_offers_the_place(va_server):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
            ({"say": "next"}, "AMAZON.NextIntent"),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
            ({"say": "yes"}, "AMAZON.YesIntent"),
        ],
        noAudio=True,
    )
    assert "can't play the warm up straight through" in speech(results[0])
    assert "<audio src=" in speech(results[0])
    assert "can't play" not in speech(results[3])
    assert "You stopped at plantar massage, right foot." in speech(results[3])
    assert "Picking up plantar massage, right foot." in speech(results[4])
    assert "<audio src=" in speech(results[4])


def test_the_skills_own_questions_take_bare_answers(va_server):
    url, database = va_server
    results = converse(
        url,
        [
            ({"launch": True}, "LaunchRequest"),
            ({"intend": "GoToExerciseIntent"}, "GoToExerciseIntent"),
            ({"say": "pogo hops"}, "AnswerIntent"),
            ({"intend": "LeaveOutEquipmentIntent"}, "LeaveOutEquipmentIntent"),
            ({"say": "the lacrosse ball"}, "AnswerIntent"),
            ({"intend": "ChangePaceIntent"}, "ChangePaceIntent"),
            ({"say": "quick"}, "AnswerIntent"),
            ({"say": "go back one"}, "GoBackIntent"),
        ],
    )
    assert "Which exercise?" in speech(results[1])
    assert "Exercise 6 of 6: pogo hops" in speech(results[2])
    assert "Which one don't you have?" in speech(results[3])
    assert "leave out big toe mobility" in speech(results[4])
    assert "full warm up or the quick one" in speech(results[5])
    assert "Okay, the quick warm up." in speech(results[6])
    assert "Exercise 5 of 6: single leg balance" in speech(results[7])
    assert record(database, results[0]["user"])["left_out"] == ["lacrosse_ball"]


@pytest.mark.parametrize("answer", ["let's go", "start", "yes", "continue", "keep going"])
def test_the_resume_offer_carries_on_for_every_way_of_saying_go(va_server, manifest, answer):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"launch": True}, "LaunchRequest"),
            ({"say": "next"}, None),
            ({"say": "next"}, None),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
            ({"say": answer}, None),
        ],
    )
    assert "You stopped at big toe mobility. Say continue, or start over." in speech(results[4])
    carried = speech(results[5])
    assert "Picking up big toe mobility." in carried and "Exercise 1 of 6" not in carried
    assert carried.count("big toe mobility") == 1  # named once


def test_starting_over_at_the_offer_is_short(va_server):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"launch": True}, "LaunchRequest"),
            ({"say": "next"}, None),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
            ({"say": "start over"}, "AMAZON.StartOverIntent"),
        ],
    )
    again = speech(results[4])
    assert again.startswith("<speak>From the top. Exercise 1 of 6: plantar massage.")
    assert "Welcome" not in again


def test_left_out_equipment_is_left_out_everywhere(va_server, manifest):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"say": "I don't have a lacrosse ball"}, "LeaveOutEquipmentIntent"),
            ({"say": "make it quick"}, "ChangePaceIntent"),
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
            ({"say": "start over"}, "AMAZON.StartOverIntent"),
            *play_through(2),  # massage intro, massage -> the next intro is short foot's
            ({"say": "previous"}, "AMAZON.PreviousIntent"),
            ({"say": "how many are left"}, "ProgressIntent"),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
        ],
    )
    assert playing(results[3], manifest) == (0, "i", "quick")
    assert playing(results[7], manifest) == (2, "i", "quick")
    assert playing(results[8], manifest) == (0, "i", "quick")  # previous skips big toe
    assert "Four more after this one" in speech(results[9])  # of five left in
    assert "I'm leaving out big toe mobility for now" in speech(results[11])


def test_six_skips_are_not_a_warm_up(va_server):
    url, database = va_server
    turns = [({"launch": True}, "LaunchRequest")]
    turns += [({"say": "skip this one"}, "SkipExerciseIntent")] * 6
    results = converse(url, turns)
    assert "nothing was done, so I won't count this one" in speech(results[-1])
    assert "this week" not in speech(results[-1])
    assert record(database, results[0]["user"])["history"] == []


def test_a_whole_hands_free_warm_up_ends_with_the_send_off(va_server, manifest):
    url, database = va_server
    turns = [
        ({"say": "play it hands free"}, "PlayRoutineIntent"),
        ({"say": "make it quick"}, "ChangePaceIntent"),
        *play_through(1),  # massage -> big toe intro
        ({"say": "next"}, "AMAZON.NextIntent"),  # skip the intro: big toe
        ({"say": "previous"}, "AMAZON.PreviousIntent"),  # massage's intro
        ({"offset": 3000}, None),
        ({"say": "pause"}, "AMAZON.PauseIntent"),
        ({"say": "resume"}, "AMAZON.ResumeIntent"),
        ({"button": "PlaybackController.NextCommandIssued"}, None),
        *play_through(12),  # to the end of pogo hops, then "all six, done"
        (FINISHED, None),  # the tally
    ]
    results = converse(url, turns)
    assert playing(results[1], manifest) == (0, 0, "quick")
    assert playing(results[3], manifest) == (1, "i", "quick")
    assert playing(results[4], manifest) == (1, 0, "quick")
    assert playing(results[5], manifest) == (0, "i", "quick")
    assert results[7]["activity"] == "STOPPED" and results[8]["activity"] == "PLAYING"
    [play] = [d for d in results[8]["response"]["directives"] if d["type"] == "AudioPlayer.Play"]
    assert play["audioItem"]["stream"]["offsetInMilliseconds"] == 3000
    assert playing(results[9], manifest) == (0, 0, "quick")
    # The last part queues the finish, and the finish the week's count.
    assert playing(results[-4], manifest) == "done-all"
    assert playing(results[-2], manifest) == "week-1"
    assert results[-1]["activity"] == "FINISHED"
    stored = record(database, results[0]["user"])
    assert stored["position"]["exercise"] == 6 and stored["mode"] == "hands_free"
    (entry,) = stored["history"]
    assert entry["pace"] == "quick" and len(entry["done"]) == 6


def test_an_echo_show_screen_follows_the_stream_and_a_resumed_countdown(va_server, manifest):
    url, _ = va_server
    results = converse(
        url,
        [
            ({"say": "play it hands free"}, "PlayRoutineIntent"),
            ({"offset": 20_000}, None),
            ({"say": "stop"}, "AMAZON.StopIntent"),
            ({"launch": True}, "LaunchRequest"),
        ],
        interfaces=APL,
    )

    def screen(result):
        [doc] = [
            d
            for d in result["response"]["directives"]
            if d["type"] == "Alexa.Presentation.APL.RenderDocument"
        ]
        return doc["datasources"]["warmup"]

    first = screen(results[0])
    assert [s["name"] for s in first["segments"]][:3] == [
        "Plantar massage",
        "Plantar massage",
        "Big toe mobility",
    ]
    resumed = screen(results[3])
    part = manifest.part("standard", 0, 0)
    assert resumed["segments"][0]["startMs"] == -20_000
    assert resumed["endMs"] == resumed["startDelayMs"] + part.duration_ms - 20_000
