"""No request Alexa or an attacker can send gets HTTP 500 (hypothesis-generated corpus)."""

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.core.routine_file import load_routine
from skill.web.app import create_app
from skill.web.verify import RequestVerifier
from tests.conftest import BASE_URL, fixed_zone
from tests.envelopes import SKILL_ID, Conversation, body_bytes

INTENTS = [
    "AMAZON.NextIntent",
    "NextExerciseIntent",
    "AMAZON.PreviousIntent",
    "GoToExerciseIntent",
    "ChangePaceIntent",
    "AMAZON.StopIntent",
    "ProgressIntent",
    "AMAZON.FallbackIntent",
    "NoSuchIntent",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


def seed_envelopes():
    conversation = Conversation()
    position = {"position": {"pace": "standard", "exercise": 1, "part": 0, "skipped": []}}
    yield conversation.launch()
    for name in INTENTS:
        conversation.attributes = position
        yield conversation.intent(name, {"exercise": ("hops", "pogo_hops"), "pace": "quick"})
    yield conversation.session_ended()
    version = load_routine().version
    tokens = [
        f"fwu2|{version}|en-US|part|standard|1|0",  # ours, decodes to a real clip
        f"fwu2|{version}|en-US|intro|quick|3|0",
        f"fwu2|{version}|en-US|send_off|done-all",
        f"fwu2|{version}|en-US|part|standard|\u00b2|0",  # a digit to isdigit(), not to int()
    ]
    offsets = [1000, 10**30, -5]
    for n, (kind, token) in enumerate(itertools.product(PLAYER_REQUESTS, tokens)):
        player = {
            "token": token,
            "offsetInMilliseconds": offsets[n % 3],
            "playerActivity": "PLAYING",
        }
        envelope = conversation.envelope(
            {
                "type": kind,
                "token": token,
                "offsetInMilliseconds": offsets[n % 3],
                "arguments": ["next"],
            }
        )
        envelope["context"]["AudioPlayer"] = dict(player)
        envelope["context"]["System"]["device"]["supportedInterfaces"] = {
            "AudioPlayer": {},
            "Alexa.Presentation.APL": {},
        }
        yield envelope
    for name in INTENTS[:3]:  # a spoken request while a token of ours is loaded
        envelope = conversation.intent(name)
        envelope["context"]["AudioPlayer"] = {
            "token": tokens[0],
            "offsetInMilliseconds": 10**30,
            "playerActivity": "STOPPED",
        }
        yield envelope


PLAYER_REQUESTS = (
    "AudioPlayer.PlaybackStarted",
    "AudioPlayer.PlaybackNearlyFinished",
    "AudioPlayer.PlaybackFinished",
    "AudioPlayer.PlaybackFailed",
    "PlaybackController.NextCommandIssued",
    "PlaybackController.PauseCommandIssued",
    "System.ExceptionEncountered",
    "Alexa.Presentation.APL.UserEvent",
)


SEEDS = list(seed_envelopes())


@st.composite
def mutated_envelopes(draw):
    """A real envelope with a few of its values, at any depth, replaced, removed or retyped."""
    envelope = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(1, 4))):
        node = envelope
        path = []
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node)))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "stringify"]))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        else:
            parent[key] = json.dumps(parent[key])
    return envelope


@pytest.fixture(scope="module")
def signed_client(audio_dir, authority, tmp_path_factory):
    verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=authority.fetch)
    config = {"ALEXA_SKILL_ID": SKILL_ID, "PUBLIC_BASE_URL": BASE_URL, "AUDIO_DIR": str(audio_dir)}
    instance = str(tmp_path_factory.mktemp("instance"))
    app = create_app(config, verifier=verifier, zone_lookup=fixed_zone, instance_path=instance)
    return app.test_client()


@pytest.fixture(scope="module")
def open_client(audio_dir, tmp_path_factory):
    config = {"ALEXA_VERIFY_REQUESTS": "false", "AUDIO_DIR": str(audio_dir)}
    instance = str(tmp_path_factory.mktemp("instance"))
    return create_app(config, instance_path=instance).test_client()


FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(envelope=mutated_envelopes())
def test_signed_mutated_envelopes_never_get_500(signed_client, authority, envelope):
    body = body_bytes(envelope)
    response = signed_client.post("/alexa", data=body, headers=authority.headers(body))
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 200:
        data = response.get_json()
        assert data["version"] == "1.0" and isinstance(data["response"], dict)


@FUZZ
@given(envelope=mutated_envelopes())
def test_unverified_mode_mutated_envelopes_never_get_500(open_client, envelope):
    response = open_client.post("/alexa", data=body_bytes(envelope))
    assert response.status_code in (200, 400), response.get_data(as_text=True)


@FUZZ
@given(body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bytes_are_400_never_500(open_client, body):
    assert open_client.post("/alexa", data=body).status_code in (200, 400)
