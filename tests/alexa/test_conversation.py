"""Whole conversations through the real Flask app with signed, real request envelopes."""

import re

import pytest

from skill.core.manifest import load_manifest
from tests.conftest import BASE_URL
from tests.envelopes import USER_ID

AUDIO = re.compile(r'<audio src="([^"]+)"/>')
NAMES = [
    "plantar massage",
    "big toe mobility",
    "short foot",
    "toe yoga",
    "single leg balance",
    "pogo hops",
]


def ssml(data):
    return data["response"]["outputSpeech"]["ssml"]


def reprompt(data):
    return data["response"]["reprompt"]["outputSpeech"]["ssml"]


def audio_urls(data):
    return AUDIO.findall(ssml(data))


def ends(data):
    return data["response"].get("shouldEndSession")


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def url_of(part):
    return f"{BASE_URL}/audio/{part.path}"


def test_launch_to_finish_names_each_exercise_in_order_and_plays_every_part(alexa, manifest):
    data = alexa.launch()
    heard, played = [], []
    while not ends(data):
        text = ssml(data)
        heard.extend(n for n in NAMES if re.search(rf"Exercise \d of 6: {n}\.", text, re.I))
        played.extend(audio_urls(data))
        assert len(audio_urls(data)) == 1
        assert "next" in reprompt(data).lower()
        data = alexa.say("AMAZON.NextIntent")
    assert heard == NAMES
    assert played == [url_of(p) for ex in manifest.paces["standard"] for p in ex]
    assert "Have a great run" in ssml(data)
    assert "reprompt" not in data["response"]


def test_custom_next_phrasings_and_split_parts(alexa, manifest):
    first = alexa.launch()
    assert audio_urls(first) == [url_of(manifest.part("standard", 0, 0))]
    assert "Say next for the right foot" in ssml(first)
    second = alexa.say("NextExerciseIntent")
    assert audio_urls(second) == [url_of(manifest.part("standard", 0, 1))]
    assert ssml(second).startswith("<speak>Plantar massage, right foot.")
    third = alexa.say("NextExerciseIntent")
    assert "Exercise 2 of 6: big toe mobility" in ssml(third)


def test_previous_on_the_first_exercise_plays_it_again(alexa, manifest):
    alexa.launch()
    data = alexa.say("AMAZON.PreviousIntent")
    assert "first one" in ssml(data)
    assert audio_urls(data) == [url_of(manifest.part("standard", 0, 0))]


def test_previous_goes_back_a_part_then_an_exercise(alexa, manifest):
    alexa.launch()
    alexa.say("AMAZON.NextIntent")  # massage, right foot
    alexa.say("AMAZON.NextIntent")  # big toe
    back = alexa.say("AMAZON.PreviousIntent")  # one part back: the previous exercise's last
    assert "Plantar massage, right foot." in ssml(back)
    assert audio_urls(back) == [url_of(manifest.part("standard", 0, 1))]
    back = alexa.say("AMAZON.PreviousIntent")  # within an exercise: the previous part
    assert audio_urls(back) == [url_of(manifest.part("standard", 0, 0))]
    assert "Exercise 1 of 6" in ssml(back)


def test_repeat_replays_the_current_part(alexa, manifest):
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    data = alexa.say("AMAZON.RepeatIntent")
    assert "Once more" in ssml(data)
    assert audio_urls(data) == [url_of(manifest.part("standard", 0, 1))]


def test_start_over_goes_back_to_exercise_one(alexa):
    alexa.launch()
    alexa.say("SkipExerciseIntent")
    data = alexa.say("AMAZON.StartOverIntent")
    assert "Exercise 1 of 6: plantar massage" in ssml(data)


def test_skip_leaves_the_rest_of_an_exercise_and_the_finish_says_so(alexa):
    alexa.launch()
    data = alexa.say("SkipExerciseIntent")
    assert "Skipping plantar massage" in ssml(data)
    assert "Exercise 2 of 6: big toe mobility" in ssml(data)
    for _ in range(4):
        alexa.say("AMAZON.NextIntent")
    data = alexa.say("SkipExerciseIntent")  # skip pogo hops: the end
    assert ends(data) is True
    assert "minus plantar massage and pogo hops" in ssml(data)


def test_progress_where_am_i(alexa):
    assert "haven't started" in ssml(alexa.say("ProgressIntent"))
    alexa.launch()
    alexa.say("GoToExerciseIntent", exercise=("toe yoga", "toe_yoga"))
    data = alexa.say("ProgressIntent")
    assert "You're on toe yoga, exercise 4 of 6. Two more after this one." in ssml(data)
    alexa.say("GoToExerciseIntent", exercise=("pogo hops", "pogo_hops"))
    assert "It's the last one" in ssml(alexa.say("ProgressIntent"))


def test_how_to_gives_the_long_explanation_then_offers_repeat(alexa, routine):
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    alexa.say("AMAZON.NextIntent")
    data = alexa.say("HowToIntent")
    assert routine.exercise("big_toe_mobility").how_to[:40] in ssml(data)
    assert "Say repeat to start big toe mobility again" in ssml(data)
    assert not audio_urls(data)


@pytest.mark.parametrize(
    ("slot", "expected"),
    [
        (("pogo hops", "pogo_hops"), "Exercise 6 of 6: pogo hops"),
        (("hops", None), "Exercise 6 of 6: pogo hops"),  # no resolution: matched by synonym
        (("arch lifts", "short_foot"), "Exercise 3 of 6: short foot"),
    ],
)
def test_go_to_an_exercise_by_name(alexa, slot, expected):
    alexa.launch()
    data = alexa.say("GoToExerciseIntent", exercise=slot)
    assert expected in ssml(data)


@pytest.mark.parametrize("slot", [("hula hoop", None), None])
def test_go_to_an_unknown_exercise_lists_the_names(alexa, app, slot):
    alexa.launch()
    data = alexa.say("GoToExerciseIntent", exercise=slot)
    assert "Which exercise?" in ssml(data) and "pogo hops" in ssml(data)
    stored = app.extensions["foot_warmup"].store.load(USER_ID)
    assert stored["position"]["exercise"] == 0  # the place is kept
    # The bare answer to the question is understood.
    data = alexa.say("AnswerIntent", exercise=("pogo hops", "pogo_hops"))
    assert "Exercise 6 of 6: pogo hops" in ssml(data)


def test_changing_pace_restarts_the_exercise_with_the_quick_audio(alexa, manifest):
    alexa.launch()
    data = alexa.say("ChangePaceIntent", pace=("quick", "quick"))
    assert "Okay, the quick warm up" in ssml(data)
    assert audio_urls(data) == [url_of(manifest.part("quick", 0, 0))]
    data = alexa.say("ChangePaceIntent", pace=("short", "quick"))
    assert "already on the quick warm up" in ssml(data)
    data = alexa.say("ChangePaceIntent", pace=("sideways", None))
    assert "full warm up or the quick one" in ssml(data)


def test_quick_pace_before_starting_begins_the_quick_routine(alexa, manifest):
    data = alexa.say("ChangePaceIntent", pace=("quick", "quick"))
    assert "quick version" in ssml(data)
    assert audio_urls(data) == [url_of(manifest.part("quick", 0, 0))]


def test_pause_keeps_the_place_and_resume_restarts_the_part(alexa, manifest):
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    data = alexa.say("AMAZON.PauseIntent")
    assert "Take your time. Say resume to go again" in ssml(data)
    assert ends(data) is False and not audio_urls(data)
    data = alexa.say("AMAZON.ResumeIntent")
    assert "Picking up plantar massage, right foot" in ssml(data)
    assert audio_urls(data) == [url_of(manifest.part("standard", 0, 1))]


def test_pause_and_resume_before_starting(alexa):
    assert "Nothing's playing yet" in ssml(alexa.say("AMAZON.PauseIntent"))
    data = alexa.say("ResumeRoutineIntent")
    assert "start from the top" in ssml(data) and "Exercise 1 of 6" in ssml(data)


def test_help_fits_the_moment(alexa):
    assert "Say start to begin" in ssml(alexa.say("AMAZON.HelpIntent"))
    alexa.launch()
    assert "You're on plantar massage, left foot" in ssml(alexa.say("AMAZON.HelpIntent"))


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "EndIntent"])
def test_stop_and_end_say_where_they_stopped(alexa, intent):
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    alexa.say("AMAZON.NextIntent")
    data = alexa.say(intent)
    assert "You stopped at big toe mobility" in ssml(data)
    assert ends(data) is True


def test_never_mind_mid_warm_up_carries_on(alexa):
    alexa.launch()
    data = alexa.say("AMAZON.CancelIntent")
    assert ssml(data) == "<speak>Okay. Say next when you're ready.</speak>"
    assert ends(data) is False


def test_stop_before_starting_and_navigate_home(alexa):
    data = alexa.say("AMAZON.StopIntent")
    assert "Have a great run" in ssml(data) and ends(data) is True
    alexa.launch()
    data = alexa.say("AMAZON.NavigateHomeIntent")
    assert "You stopped at plantar massage" in ssml(data) and ends(data) is True


def test_fallback_says_what_can_be_said(alexa):
    assert "Say start to begin" in ssml(alexa.say("AMAZON.FallbackIntent"))
    alexa.launch()
    data = alexa.say("AMAZON.FallbackIntent")
    assert "Say next, repeat, or how do I do this one" in ssml(data)
    assert ends(data) is False


def test_after_the_finish_next_repeat_and_skip_say_it_is_done(alexa):
    alexa.launch()
    alexa.say("GoToExerciseIntent", exercise=("pogo hops", "pogo_hops"))
    finish = alexa.say("AMAZON.NextIntent")
    assert ends(finish) is True
    # A device may still send a turn in that session (e.g. a one-shot): the store says done.
    for intent in ("AMAZON.NextIntent", "AMAZON.RepeatIntent", "SkipExerciseIntent"):
        assert "finished the warm up" in ssml(alexa.say(intent))
    assert "finished the warm up" in ssml(alexa.say("ProgressIntent"))
    assert "finished the warm up" in ssml(alexa.say("AMAZON.PreviousIntent"))  # counted once


def test_start_intent_starts_or_carries_on(alexa, manifest):
    assert "Exercise 1 of 6" in ssml(alexa.say("StartRoutineIntent"))
    data = alexa.say("StartRoutineIntent")  # "let's go" after the left foot: the right foot
    assert audio_urls(data) == [url_of(manifest.part("standard", 0, 1))]


def test_about_credits_the_routine_author_and_magazine(alexa):
    data = alexa.say("AboutIntent")
    assert "Jon-Erik Kawamoto" in ssml(data) and "Canadian Running" in ssml(data)


def test_yes_or_no_out_of_the_blue(alexa):
    alexa.launch()
    assert "Okay! Say next when you're ready." in ssml(alexa.say("AMAZON.YesIntent"))


def test_session_ended_gets_an_empty_response(alexa):
    alexa.launch()
    data = alexa.send(alexa.conversation.session_ended("EXCEEDED_MAX_REPROMPTS"))
    assert data["response"] == {} or set(data["response"]) <= {"shouldEndSession"}


def test_unknown_intent_and_request_types_are_not_errors(alexa):
    data = alexa.say("SomethingNewIntent")
    assert "didn't catch that" in ssml(data)
    data = alexa.send(alexa.conversation.envelope({"type": "Messaging.MessageReceived"}))
    assert "outputSpeech" not in data["response"]


def test_tampered_session_attributes_start_fresh(alexa):
    alexa.conversation.attributes = {"position": {"pace": "standard", "exercise": 99, "part": 0}}
    data = alexa.say("AMAZON.NextIntent")
    assert "Exercise 1 of 6" in ssml(data)


def test_the_place_lives_in_the_store_not_the_session(alexa, app):
    alexa.launch()
    data = alexa.say("AMAZON.NextIntent")
    assert not data.get("sessionAttributes")
    stored = app.extensions["foot_warmup"].store.load(USER_ID)
    assert stored["position"]["part"] == 1 and stored["mode"] == "guided"
