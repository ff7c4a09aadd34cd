"""The quicker serializer reads every kind of envelope exactly as the SDK's own does."""

from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.alexa.serializer import QuickSerializer
from tests.envelopes import Conversation


def envelopes():
    conversation = Conversation(interfaces={"AudioPlayer": {}, "Alexa.Presentation.APL": {}})
    player = conversation.envelope(
        {"type": "AudioPlayer.PlaybackStopped", "token": "t", "offsetInMilliseconds": 31000}
    )
    del player["session"]
    player["context"]["AudioPlayer"] = {
        "token": "t",
        "offsetInMilliseconds": 31000,
        "playerActivity": "STOPPED",
    }
    return {
        "launch": conversation.launch(),
        "intent": conversation.intent("GoToExerciseIntent", {"exercise": ("hops", "pogo_hops")}),
        "unresolved": conversation.intent("ChangePaceIntent", {"pace": ("sideways", None)}),
        "player": player,
        "screen": conversation.envelope(
            {"type": "Alexa.Presentation.APL.UserEvent", "arguments": ["next"]}
        ),
        "skill_event": conversation.envelope({"type": "AlexaSkillEvent.SkillDisabled"}),
        "ended": conversation.session_ended("ERROR"),
        "odd_time": conversation.envelope({"type": "LaunchRequest", "timestamp": "2026-11-25"}),
    }


@pytest.mark.parametrize(("name", "envelope"), list(envelopes().items()))
def test_envelopes_read_the_same_as_with_the_sdks_serializer(name, envelope):
    sdk, quick = DefaultSerializer(), QuickSerializer()
    expected = sdk.deserialize(json.dumps(envelope), RequestEnvelope)
    got = quick.from_data(json.loads(json.dumps(envelope)), RequestEnvelope)
    assert sdk.serialize(got) == sdk.serialize(expected)
    assert got.request.timestamp == expected.request.timestamp
    assert type(got.request) is type(expected.request)
