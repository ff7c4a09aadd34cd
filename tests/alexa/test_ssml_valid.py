"""Every response the skill gives passes an Alexa SSML validator (ssml-check-core, from npm)."""

import json
import re
from pathlib import Path

import pytest

from skill.core.manifest import load_manifest
from tests.conftest import BASE_URL
from tests.servers import run_node

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "tests" / "js" / "ssml_check.js"
AUDIO = re.compile(r'<audio src="([^"]+)"/>')

# Turns that reach every handler in the states where it makes sense and where it does not.
SCRIPT = [
    ("AMAZON.HelpIntent", {}),
    ("ProgressIntent", {}),
    ("HowToIntent", {}),
    ("AMAZON.PauseIntent", {}),
    ("AMAZON.FallbackIntent", {}),
    ("AboutIntent", {}),
    ("LaunchRequest", {}),
    ("AMAZON.HelpIntent", {}),
    ("HowToIntent", {}),
    ("AMAZON.PreviousIntent", {}),
    ("AMAZON.RepeatIntent", {}),
    ("NextExerciseIntent", {}),
    ("ProgressIntent", {}),
    ("AMAZON.PauseIntent", {}),
    ("AMAZON.ResumeIntent", {}),
    ("ChangePaceIntent", {"pace": ("quick", "quick")}),
    ("ChangePaceIntent", {"pace": ("quick", "quick")}),
    ("ChangePaceIntent", {"pace": ("fast-ish", None)}),
    ("GoToExerciseIntent", {"exercise": ("wiggle", None)}),
    ("GoToExerciseIntent", {"exercise": ("toe yoga", "toe_yoga")}),
    ("SkipExerciseIntent", {}),
    ("AMAZON.YesIntent", {}),
    ("StartRoutineIntent", {}),
    ("AboutIntent", {}),
    ("AMAZON.FallbackIntent", {}),
    ("AMAZON.NextIntent", {}),
    ("AMAZON.NextIntent", {}),
    ("AMAZON.NextIntent", {}),
    ("AMAZON.HelpIntent", {}),
    ("AMAZON.StartOverIntent", {}),
    ("AMAZON.StopIntent", {}),
]


def collect(alexa):
    """Run the script; return every response."""
    responses = []
    for name, slots in SCRIPT:
        if name == "LaunchRequest":
            responses.append(alexa.launch())
        else:
            responses.append(alexa.say(name, **slots))
    # Walk a fresh session through every part of both paces to the finish.
    for pace in ("standard", "quick"):
        alexa.conversation.attributes = {}
        responses.append(alexa.say("ChangePaceIntent", pace=(pace, pace)))
        while not responses[-1]["response"].get("shouldEndSession"):
            responses.append(alexa.say("AMAZON.NextIntent"))
    return responses


def speeches(response):
    body = response["response"]
    found = []
    if "outputSpeech" in body:
        found.append(("output", body["outputSpeech"]["ssml"]))
    if "reprompt" in body:
        found.append(("reprompt", body["reprompt"]["outputSpeech"]["ssml"]))
    return found


def hands_free(client, authority):
    """Spoken answers in hands-free mode (played on a device with AudioPlayer)."""
    from tests.conftest import Alexa

    device = Alexa(client, authority, interfaces={"AudioPlayer": {}})
    answers = [device.say("PlayRoutineIntent")]
    token = answers[0]["response"]["directives"][0]["audioItem"]["stream"]["token"]
    stop = device.conversation.intent("AMAZON.StopIntent")
    stop["context"]["AudioPlayer"] = {
        "token": token,
        "offsetInMilliseconds": 5,
        "playerActivity": "PLAYING",
    }
    answers.append(device.send(stop))
    answers.append(device.launch())  # resumes hands-free
    return answers


def test_every_response_is_valid_ssml_within_alexa_limits(alexa, audio_dir, client, authority):
    if not (ROOT / "node_modules" / "ssml-check-core").exists():
        pytest.fail("ssml-check-core is missing: run scripts/setup --dev (it runs npm ci)")
    durations = {
        f"{BASE_URL}/audio/{p.path}": p.duration_ms
        for pace in load_manifest(audio_dir, "en-US").paces.values()
        for ex in pace
        for p in ex
    }
    responses = collect(alexa) + hands_free(client, authority)
    all_ssml = []
    for response in responses:
        assert len(json.dumps(response)) < 24_000
        for kind, ssml in speeches(response):
            assert ssml.startswith("<speak>") and ssml.endswith("</speak>")
            assert len(ssml) <= 8000
            urls = AUDIO.findall(ssml)
            assert len(urls) <= 5
            limit = 240_000 if kind == "output" else 90_000
            assert sum(durations[u] for u in urls) <= limit
            all_ssml.append(ssml)
    assert len(all_ssml) > 60

    verdicts = run_node("ssml_check.js", all_ssml)
    problems = [(s, e) for s, e in zip(all_ssml, verdicts, strict=True) if e]
    assert problems == []


def test_the_validator_catches_what_it_should():
    """Guard against a validator that passes everything."""
    bad = ["<speak>Rocks & roots</speak>", '<speak><break time="11s"/></speak>', "<speak><b>"]
    assert all(run_node("ssml_check.js", bad))
