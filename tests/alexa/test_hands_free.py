"""Hands-free mode: the routine as an AudioPlayer queue, driven as a device drives it."""

from __future__ import annotations

import json

import pytest

from skill.alexa.tokens import Token, parse_token
from skill.core.manifest import load_manifest
from skill.core.place import Position
from skill.storage.store import open_store
from tests.servers import ROOT, free_port, run_node, start_server, stop_server

AUDIO_PLAYER = {"AudioPlayer": {}}
AUDIO_DIRECTIVES = {"AudioPlayer.Play", "AudioPlayer.Stop", "AudioPlayer.ClearQueue"}


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def token_for(manifest, pace, exercise, part, skipped=(), intro=False):
    position = Position(pace, exercise, part, skipped)
    return Token(manifest.routine_version, "en-US", position, intro).encode()


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


@pytest.fixture
def player_device(client, authority):
    from tests.conftest import Alexa

    return Alexa(client, authority, interfaces=AUDIO_PLAYER)


def test_tokens_round_trip_and_refuse_anything_else(manifest):
    shape = manifest.shape()
    raw = token_for(manifest, "quick", 3, 0, (1,))
    token = parse_token(raw, manifest.routine_version, "en-US", shape)
    assert token.position == Position("quick", 3, 0, (1,))
    for bad in [
        None,
        7,
        "",
        "fwu1",
        raw.replace(manifest.routine_version, "oldversion"),
        raw.replace("en-US", "en-GB"),
        raw.replace("|3|", "|9|"),
        raw.replace("quick", "slow"),
        raw + "|x",
        "someone-elses-token",
        "fwu1|" + "x" * 300,
    ]:
        assert parse_token(bad, manifest.routine_version, "en-US", shape) is None, bad


def test_play_starts_the_queue_and_ends_the_session(player_device, manifest):
    data = player_device.say("PlayRoutineIntent")
    assert "Hands free it is" in data["response"]["outputSpeech"]["ssml"]
    assert "Exercise 1 of 6: plantar massage" in data["response"]["outputSpeech"]["ssml"]
    assert data["response"]["shouldEndSession"] is True
    [(behavior, stream)] = played(data)
    assert behavior == "REPLACE_ALL" and stream["offsetInMilliseconds"] == 0
    assert stream["token"] == token_for(manifest, "standard", 0, 0)
    assert stream["url"].endswith(manifest.part("standard", 0, 0).path)


def test_a_device_without_audioplayer_falls_back_to_guided(alexa):
    data = alexa.say("PlayRoutineIntent")
    ssml = data["response"]["outputSpeech"]["ssml"]
    assert "can't play the warm up hands free, so I'll guide you step by step" in ssml
    assert "<audio src=" in ssml and not directives(data)


def test_nearly_finished_enqueues_the_next_part_behind_the_current_one(player_device, manifest):
    current = token_for(manifest, "standard", 0, 1)
    data = player_device.send(
        event(player_device.conversation, "AudioPlayer.PlaybackNearlyFinished", current)
    )
    [(behavior, stream)] = played(data)
    assert behavior == "ENQUEUE" and stream["expectedPreviousToken"] == current
    # A new exercise opens with its spoken intro, then its first part.
    intro = token_for(manifest, "standard", 1, 0, intro=True)
    assert stream["token"] == intro
    assert stream["url"].endswith(manifest.intros["big_toe_mobility"].path)
    data = player_device.send(
        event(player_device.conversation, "AudioPlayer.PlaybackNearlyFinished", intro)
    )
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 1, 0)
    last = token_for(manifest, "standard", 5, 0)
    data = player_device.send(
        event(player_device.conversation, "AudioPlayer.PlaybackNearlyFinished", last)
    )
    assert not directives(data)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("PlaybackController.NextCommandIssued", (2, "i", 0)),
        ("PlaybackController.PreviousCommandIssued", (0, "i", 0)),
        ("PlaybackController.PlayCommandIssued", (1, 0, 4200)),
        ("PlaybackController.PauseCommandIssued", None),
    ],
)
def test_playback_buttons_answer_only_with_audioplayer_directives(
    player_device, manifest, kind, expected
):
    token = token_for(manifest, "standard", 1, 0)
    data = player_device.send(event(player_device.conversation, kind, token, 4200))
    assert set(data["response"]) <= {"directives"}
    assert {d["type"] for d in directives(data)} <= AUDIO_DIRECTIVES
    if expected is None:
        assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]
    else:
        [(behavior, stream)] = played(data)
        exercise, part, offset = expected
        intro = part == "i"
        assert stream["token"] == token_for(manifest, "standard", exercise, 0, intro=intro)
        assert stream["offsetInMilliseconds"] == offset


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
def test_every_player_request_gets_a_valid_answer_with_no_speech(
    player_device, manifest, kind, token_kind
):
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


def test_voice_commands_while_playing_steer_the_player(player_device, manifest):
    conversation = player_device.conversation
    playing = token_for(manifest, "standard", 2, 0)

    data = player_device.send(with_player(conversation.intent("AMAZON.NextIntent"), playing, 7000))
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 3, 0, intro=True)
    data = player_device.send(with_player(conversation.intent("AMAZON.PreviousIntent"), playing))
    assert played(data)[0][1]["token"] == token_for(manifest, "standard", 1, 0, intro=True)
    intro = token_for(manifest, "standard", 2, 0, intro=True)
    data = player_device.send(with_player(conversation.intent("NextExerciseIntent"), intro))
    assert played(data)[0][1]["token"] == playing  # "next" during an intro starts the part
    data = player_device.send(with_player(conversation.intent("AMAZON.PauseIntent"), playing, 7000))
    assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]
    data = player_device.send(
        with_player(conversation.intent("AMAZON.ResumeIntent"), playing, 7000, "STOPPED")
    )
    assert played(data)[0][1]["offsetInMilliseconds"] == 7000
    data = player_device.send(with_player(conversation.intent("AMAZON.StopIntent"), playing, 9000))
    assert "You stopped at short foot" in data["response"]["outputSpeech"]["ssml"]
    assert [d["type"] for d in directives(data)] == ["AudioPlayer.Stop"]


def test_the_hands_free_preference_resumes_mid_part_on_the_next_launch(client, authority, manifest):
    from tests.conftest import Alexa

    first = Alexa(client, authority, interfaces=AUDIO_PLAYER)
    first.say("PlayRoutineIntent")
    token = token_for(manifest, "standard", 1, 0)
    first.send(event(first.conversation, "AudioPlayer.PlaybackStopped", token, 31_000))
    again = Alexa(client, authority, interfaces=AUDIO_PLAYER).launch()
    assert (
        "Picking up big toe mobility where you left off"
        in again["response"]["outputSpeech"]["ssml"]
    )
    [(_, stream)] = played(again)
    assert stream["token"] == token and stream["offsetInMilliseconds"] == 31_000

    back = Alexa(client, authority, interfaces=AUDIO_PLAYER)
    data = back.say("StepByStepIntent")
    assert "step by step" in data["response"]["outputSpeech"]["ssml"]
    assert not played(data)


# -- a real client, end to end ------------------------------------------------------------


@pytest.fixture
def va_server(audio_dir, tmp_path):
    port = free_port()
    database = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    env = {
        "AUDIO_DIR": str(audio_dir),
        "DATABASE_URL": database,
        # Devices only play https audio; verification stays off for the local client.
        "PUBLIC_BASE_URL": "https://warmup.example.com",
    }
    process = start_server(env, port)
    yield f"http://127.0.0.1:{port}/alexa", database
    stop_server(process)


def test_a_whole_hands_free_warm_up_driven_by_virtual_alexa(va_server, manifest, tmp_path):
    url, database = va_server
    # Each new exercise opens with its spoken intro ("i"), then its part.
    turns = [
        {"say": "make it quick"},  # 0
        {"say": "play it hands free"},  # 1: massage (its intro is spoken in the response)
        {"audio": "nearlyFinished"},
        {"audio": "finished"},  # 3: big toe intro
        {"audio": "nearlyFinished"},
        {"audio": "finished"},  # 5: big toe
        {"say": "next"},  # 6: short foot intro
        {"say": "previous"},  # 7: big toe intro again
        {"offset": 3000},
        {"say": "pause"},
        {"say": "resume"},  # 10: big toe intro at 3 s
        {"audio": "nearlyFinished"},
        {"audio": "finished"},  # 12: big toe
        {"button": "PlaybackController.NextCommandIssued"},  # 13: short foot intro
        *[{"audio": event} for _ in range(8) for event in ("nearlyFinished", "finished")],
    ]
    expected = {
        1: (0, 0),
        3: (1, "i"),
        5: (1, 0),
        6: (2, "i"),
        7: (1, "i"),
        10: (1, "i"),
        12: (1, 0),
        13: (2, "i"),
        15: (2, 0),
        17: (3, "i"),
        19: (3, 0),
        21: (4, "i"),
        23: (4, 0),
        25: (5, "i"),
        27: (5, 0),
    }
    script = {
        "url": url,
        "model": str(ROOT / "interaction_models" / "en-US.json"),
        "applicationId": "amzn1.ask.skill.virtual-alexa",
        "turns": turns,
    }
    results = run_node("conversation.js", script)
    assert not [r for r in results if "error" in r]

    def at(i):
        raw = results[i]["playing"]
        token = parse_token(raw, manifest.routine_version, "en-US", manifest.shape())
        return token.position.exercise, "i" if token.intro else token.position.part

    assert [results[i]["intent"] for i in (1, 6, 7, 9, 10)] == [
        "PlayRoutineIntent",
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.PauseIntent",
        "AMAZON.ResumeIntent",
    ]
    assert {i: at(i) for i in expected} == expected
    assert results[9]["activity"] == "STOPPED" and results[10]["activity"] == "PLAYING"
    resumed = [d for d in results[10]["response"]["directives"] if d["type"] == "AudioPlayer.Play"]
    assert resumed[0]["audioItem"]["stream"]["offsetInMilliseconds"] == 3000
    assert results[-1]["activity"] == "FINISHED"

    store = open_store(database, tmp_path)
    with store.engine.connect() as connection:
        from skill.storage.store import user_attributes

        (row,) = connection.execute(user_attributes.select()).all()
    store.engine.dispose()
    record = json.loads(row.attributes)
    assert record["position"] is None and record["hands_free"] is True
    (entry,) = record["history"]
    assert entry["pace"] == "quick" and len(entry["done"]) == 6
