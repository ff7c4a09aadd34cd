"""Hands-free mode through the real app: the routine as an AudioPlayer queue, driven as a device
drives it (player events and buttons arrive without a session)."""

from __future__ import annotations

import pytest

from skill.alexa.tokens import decode, encode
from skill.core.actions import INTRO, PART, SEND_OFF, Clip
from skill.core.manifest import load_manifest
from skill.core.place import Place
from tests.conftest import Alexa
from tests.envelopes import USER_ID

AUDIO_PLAYER = {"AudioPlayer": {}}
AUDIO_DIRECTIVES = {"AudioPlayer.Play", "AudioPlayer.Stop", "AudioPlayer.ClearQueue"}


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def token_for(manifest, pace, exercise, part=0, intro=False):
    clip = Clip(INTRO if intro else PART, Place(pace, exercise, part))
    return encode(clip, manifest.routine_version, "en-US")


def with_player(envelope, token, offset=0, activity="PLAYING"):
    envelope["context"]["AudioPlayer"] = {
        "token": token,
        "offsetInMilliseconds": offset,
        "playerActivity": activity,
    }
    return envelope


def event(conversation, kind, token, offset=0, **extra):
    """An AudioPlayer or PlaybackController request: no session, context only."""
    envelope = conversation.envelope(
        {"type": kind, "token": token, "offsetInMilliseconds": offset, **extra}
    )
    del envelope["session"]
    if not kind.startswith("AudioPlayer."):
        del envelope["request"]["token"], envelope["request"]["offsetInMilliseconds"]
    return with_player(envelope, token, offset)


def directives(data):
    return data["response"].get("directives", [])


def played(data):
    plays = [d for d in directives(data) if d["type"] == "AudioPlayer.Play"]
    return [(d["playBehavior"], d["audioItem"]["stream"]) for d in plays]


def ssml(data):
    return data["response"].get("outputSpeech", {}).get("ssml", "")


@pytest.fixture
def player_device(client, authority):
    return Alexa(client, authority, interfaces=AUDIO_PLAYER)


@pytest.fixture
def streaming(player_device):
    """A device already playing the routine hands free."""
    player_device.say("PlayRoutineIntent")
    return player_device


def test_tokens_round_trip_and_refuse_anything_else(manifest):
    shape = manifest.shape()
    raw = token_for(manifest, "quick", 3, intro=True)
    assert decode(raw, manifest.routine_version, "en-US", shape) == Clip(
        INTRO, Place("quick", 3, 0, intro=True)
    )
    send_off = encode(Clip(SEND_OFF, send_off="streak-3"), manifest.routine_version, "en-US")
    assert decode(send_off, manifest.routine_version, "en-US", shape).send_off == "streak-3"
    for bad in [
        None,
        7,
        "",
        "fwu2",
        raw.replace(manifest.routine_version, "oldversion"),
        raw.replace("en-US", "en-GB"),
        raw.replace("|3|", "|9|"),
        raw.replace("quick", "slow"),
        raw[:-1] + "1",  # an intro is only ever before part 0
        raw + "|x",
        "someone-elses-token",
        "fwu2|" + "x" * 300,
        raw.replace("|3|", "|\u00b3|"),  # a digit to str.isdigit, not to int()
        raw.replace("|3|", "|03|"),  # not our spelling: an ENQUEUE after it would not match
    ]:
        assert decode(bad, manifest.routine_version, "en-US", shape) is None, bad


def test_play_starts_the_queue_and_ends_the_session(player_device, manifest):
    data = player_device.say("PlayRoutineIntent")
    assert "Hands free it is" in ssml(data)
    assert "Exercise 1 of 6: plantar massage" in ssml(data)
    assert data["response"]["shouldEndSession"] is True
    [(behavior, stream)] = played(data)
    assert behavior == "REPLACE_ALL" and stream["offsetInMilliseconds"] == 0
    assert stream["token"] == token_for(manifest, "standard", 0, 0)
    assert stream["url"].endswith(manifest.part("standard", 0, 0).path)
    [play] = [d for d in directives(data) if d["type"] == "AudioPlayer.Play"]
    metadata = play["audioItem"]["metadata"]
    assert (metadata["title"], metadata["subtitle"]) == ("Plantar massage", "Left foot, 1 of 6")
    # The pictures a screen shows while it plays: the project's own, from the configured host.
    art = metadata["art"]["sources"][0]
    assert art == {
        "url": "https://warmup.example.com/static/images/art-480.png",
        "widthPixels": 480,
        "heightPixels": 480,
    }
    background = metadata["backgroundImage"]["sources"][0]
    assert background["url"] == "https://warmup.example.com/static/images/background-1024x640.png"
    assert metadata["art"]["contentDescription"] == "A bare footprint"


def test_a_device_without_audioplayer_explains_once_then_guides(client, authority, app):
    alexa = Alexa(client, authority)
    data = alexa.say("PlayRoutineIntent")
    assert "can't play the warm up straight through, so I'll guide you step by step" in ssml(data)
    assert "<audio src=" in ssml(data) and not directives(data)
    alexa.say("AMAZON.NextIntent")
    alexa.say("AMAZON.StopIntent")
    # The next launch neither apologises again nor skips the offer of the place.
    again = Alexa(client, authority).launch()
    assert "can't play" not in ssml(again)
    assert "You stopped at plantar massage, right foot." in ssml(again)
    stored = app.extensions["foot_warmup"].store.load(USER_ID)
    assert stored["mode"] == "hands_free" and stored["told_no_stream"] is True


def test_nearly_finished_enqueues_the_next_clip_behind_the_current_one(streaming, manifest):
    current = token_for(manifest, "standard", 0, 1)
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStarted", current))
    data = streaming.send(
        event(streaming.conversation, "AudioPlayer.PlaybackNearlyFinished", current)
    )
    [(behavior, stream)] = played(data)
    assert behavior == "ENQUEUE" and stream["expectedPreviousToken"] == current
    # A new exercise opens with its spoken intro, then its first part.
    intro = token_for(manifest, "standard", 1, intro=True)
    assert stream["token"] == intro
    assert stream["url"].endswith(manifest.intros["big_toe_mobility"].path)
    nearly = event(streaming.conversation, "AudioPlayer.PlaybackNearlyFinished", intro)
    data = streaming.send(nearly)
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 1, 0)


def test_the_last_part_queues_the_send_off_with_the_streak(streaming, manifest, app):
    last = token_for(manifest, "standard", 5, 0)
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStarted", last))
    data = streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackNearlyFinished", last))
    [(behavior, stream)] = played(data)
    assert behavior == "ENQUEUE" and stream["url"].endswith(manifest.send_offs["done-all"].path)
    assert manifest.send_offs["done-all"].text.startswith("All six, done.")
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackFinished", last))
    stored = app.extensions["foot_warmup"].store.load(USER_ID)
    assert stored["position"]["exercise"] == 6 and len(stored["history"]) == 1
    # Once recorded, the finish is followed by the tally, as a guided finish says it.
    done = stream["token"]
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStarted", done))
    data = streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackNearlyFinished", done))
    [(behavior, stream)] = played(data)
    assert behavior == "ENQUEUE" and stream["url"].endswith(manifest.send_offs["week-1"].path)
    assert stream["expectedPreviousToken"] == done
    assert "first warm up this week" in manifest.send_offs["week-1"].text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("PlaybackController.NextCommandIssued", (2, "i", 0)),
        ("PlaybackController.PreviousCommandIssued", (0, 1, 0)),  # one part back
        ("PlaybackController.PlayCommandIssued", (1, 0, 4200)),
        ("PlaybackController.PauseCommandIssued", None),
    ],
)
def test_playback_buttons_answer_only_with_audioplayer_directives(
    streaming, manifest, kind, expected
):
    token = token_for(manifest, "standard", 1, 0)
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStarted", token, 4200))
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStopped", token, 4200))
    data = streaming.send(event(streaming.conversation, kind, token, 4200))
    assert set(data["response"]) <= {"directives"}
    assert {d["type"] for d in directives(data)} <= AUDIO_DIRECTIVES
    if expected is None:
        assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]
    else:
        [(behavior, stream)] = played(data)
        exercise, part, offset = expected
        intro = part == "i"
        wanted = token_for(manifest, "standard", exercise, 0 if intro else part, intro=intro)
        assert stream["token"] == wanted
        assert stream["offsetInMilliseconds"] == offset


def test_buttons_work_from_the_stored_place_when_the_device_sends_no_player_state(
    streaming, manifest
):
    """virtual-alexa (and some devices) send PlaybackController requests without context."""
    envelope = event(streaming.conversation, "PlaybackController.NextCommandIssued", None)
    del envelope["context"]["AudioPlayer"]
    data = streaming.send(envelope)
    [(_, stream)] = played(data)
    assert stream["token"] == token_for(manifest, "standard", 0, 1)


@pytest.mark.parametrize(
    "kind",
    [
        "AudioPlayer.PlaybackStarted",
        "AudioPlayer.PlaybackStopped",
        "AudioPlayer.PlaybackNearlyFinished",
        "AudioPlayer.PlaybackFinished",
        "AudioPlayer.PlaybackFailed",
        "PlaybackController.NextCommandIssued",
        "PlaybackController.PreviousCommandIssued",
        "PlaybackController.PlayCommandIssued",
        "PlaybackController.PauseCommandIssued",
        "System.ExceptionEncountered",
    ],
)
@pytest.mark.parametrize("token_kind", ["ours", "foreign", "outdated", "missing"])
@pytest.mark.parametrize("mode", ["guided", "hands_free"])
def test_every_player_request_gets_a_valid_answer_with_no_speech(
    player_device, manifest, kind, token_kind, mode
):
    if mode == "hands_free":
        player_device.say("PlayRoutineIntent")
    token = {
        "ours": token_for(manifest, "quick", 2, 0),
        "foreign": "another-skills-track",
        "outdated": token_for(manifest, "quick", 2, 0).replace(manifest.routine_version, "0ld"),
        "missing": None,
    }[token_kind]
    extra = {}
    if kind == "AudioPlayer.PlaybackFailed":
        extra = {"error": {"type": "MEDIA_ERROR_UNKNOWN", "message": "boom"}}
    if kind == "System.ExceptionEncountered":
        extra = {
            "error": {"type": "INVALID_RESPONSE", "message": "bad"},
            "cause": {"requestId": "x"},
        }
    data = player_device.send(event(player_device.conversation, kind, token, 1000, **extra))
    body = data["response"]
    assert "outputSpeech" not in body and "reprompt" not in body and "card" not in body
    assert {d["type"] for d in body.get("directives", [])} <= AUDIO_DIRECTIVES


def test_voice_commands_while_playing_steer_the_player(streaming, manifest):
    conversation = streaming.conversation
    playing = token_for(manifest, "standard", 2, 0)

    data = streaming.send(with_player(conversation.intent("AMAZON.NextIntent"), playing, 7000))
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 3, intro=True)
    # A report of the part "next" moved away from is behind the stored place: it is not heard.
    data = streaming.send(with_player(conversation.intent("AMAZON.PreviousIntent"), playing))
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 2, intro=True)
    intro = token_for(manifest, "standard", 2, intro=True)
    data = streaming.send(with_player(conversation.intent("NextExerciseIntent"), intro))
    assert played(data)[0][1]["token"] == playing  # "next" during an intro starts the part
    data = streaming.send(with_player(conversation.intent("AMAZON.PauseIntent"), playing, 7000))
    assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]
    data = streaming.send(
        with_player(conversation.intent("AMAZON.ResumeIntent"), playing, 7000, "STOPPED")
    )
    assert played(data)[0][1]["offsetInMilliseconds"] == 7000
    data = streaming.send(with_player(conversation.intent("AMAZON.StopIntent"), playing, 9000))
    assert "You stopped at short foot" in ssml(data)
    assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]


def test_questions_while_playing_answer_from_the_playing_place(streaming, manifest):
    conversation = streaming.conversation
    playing = token_for(manifest, "standard", 3, 0)
    for intent, expected in [
        ("ProgressIntent", "You're on toe yoga, exercise 4 of 6. Two more after this one."),
        ("AMAZON.HelpIntent", "It's playing straight through"),
        ("HowToIntent", "It feels clumsy at first"),
        ("AMAZON.FallbackIntent", "Sorry, I didn't catch that"),
        ("WhichFootIntent", "Both feet now."),
        ("TimeLeftIntent", "to go"),
    ]:
        data = streaming.send(with_player(conversation.intent(intent), playing, 7000))
        assert expected in ssml(data), intent
        # The stream carries on: no directive stops or restarts it, and the session closes.
        assert not directives(data) and data["response"]["shouldEndSession"] is True
        assert "Say start" not in ssml(data)


def test_the_hands_free_preference_resumes_mid_part_on_the_next_launch(client, authority, manifest):
    first = Alexa(client, authority, interfaces=AUDIO_PLAYER)
    first.say("PlayRoutineIntent")
    token = token_for(manifest, "standard", 1, 0)
    first.send(event(first.conversation, "AudioPlayer.PlaybackStarted", token, 0))
    first.send(event(first.conversation, "AudioPlayer.PlaybackStopped", token, 31_000))
    again = Alexa(client, authority, interfaces=AUDIO_PLAYER).launch()
    assert ssml(again) == "<speak>Picking up big toe mobility.</speak>"
    [(_, stream)] = played(again)
    assert stream["token"] == token and stream["offsetInMilliseconds"] == 31_000

    back = Alexa(client, authority, interfaces=AUDIO_PLAYER)
    data = back.say("StepByStepIntent")
    assert "step by step" in ssml(data)
    assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]
    assert "<audio src=" in ssml(data)  # guided: the part plays inside the speech


def test_a_clip_that_fails_part_way_is_tried_once_more_from_its_start(streaming, manifest):
    token = token_for(manifest, "standard", 1, 0)
    streaming.send(event(streaming.conversation, "AudioPlayer.PlaybackStarted", token, 0))
    failed = event(
        streaming.conversation,
        "AudioPlayer.PlaybackFailed",
        token,
        error={"type": "MEDIA_ERROR_UNKNOWN", "message": "seek"},
        currentPlaybackState={
            "token": token,
            "offsetInMilliseconds": 61_000,
            "playerActivity": "PLAYING",
        },
    )
    del failed["request"]["offsetInMilliseconds"]  # a failure says how far in its playback state
    [(behavior, stream)] = played(streaming.send(failed))
    assert behavior == "REPLACE_ALL" and stream["token"] == token
    assert stream["offsetInMilliseconds"] == 0
    # From the start, it is not tried again (no loop against a device that cannot play it).
    failed["request"]["currentPlaybackState"]["offsetInMilliseconds"] = 0
    assert played(streaming.send(failed)) == []
