"""The Echo Show screens, checked with Amazon's own APL tools: every kind of document the skill
sends is validated by apl-suggester, and rendered by apl-viewhost-web in headless chromium at
every hub viewport we declare, in English and in French (the longest words). Nothing may be
clipped or overlap, the clock and its bar must move, every button must be big enough and send
its event. A deliberately broken control document proves the checks can fail. The renders of
every screen size are the README's screenshots (docs/screens)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from skill.web.app import create_app
from skill.web.verify import RequestVerifier
from tests.apl_harness import VIEWPORTS, components, problems, render, validate
from tests.conftest import BASE_URL, Alexa, fixed_zone
from tests.envelopes import SKILL_ID

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screens"
APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}}
PLAYER_AND_APL = {"AudioPlayer": {}, **APL}
MIN_TOUCH_DP = 72  # Amazon's own AlexaIconButton


def screen(data: dict) -> dict:
    [directive] = [
        d
        for d in data["response"].get("directives", [])
        if d["type"] == "Alexa.Presentation.APL.RenderDocument"
    ]
    return {"document": directive["document"], "datasources": directive["datasources"]}


@pytest.fixture(scope="module")
def documents(audio_all, authority, tmp_path_factory):
    """Every kind of screen the skill sends, as the RenderDocument payloads it really sent."""
    if (
        shutil.which("chromium") is None
        or not (ROOT / "node_modules" / "apl-viewhost-web").exists()
    ):
        pytest.fail("chromium or the npm APL tools are missing: run scripts/setup --dev")
    folder = tmp_path_factory.mktemp("screens")
    app = create_app(
        {
            "ALEXA_SKILL_ID": SKILL_ID,
            "PUBLIC_BASE_URL": BASE_URL,
            "AUDIO_DIR": str(audio_all[0]),
            "DATABASE_URL": f"sqlite:///{folder / 'screens.sqlite3'}",
        },
        verifier=RequestVerifier(trust_roots=[authority.root], fetch_chain=authority.fetch),
        zone_lookup=fixed_zone,
    )
    client = app.test_client()
    found = {}
    for locale in ("en-US", "fr-CA"):
        guided = Alexa(client, authority, interfaces=APL, locale=locale, user_id=f"guided-{locale}")
        found[f"{locale}-first"] = screen(guided.launch())
        found[f"{locale}-pogo"] = screen(
            guided.say("GoToExerciseIntent", exercise=("pogo hops", "pogo_hops"))
        )
        found[f"{locale}-balance"] = screen(
            guided.say("GoToExerciseIntent", exercise=("balance", "single_leg_balance"))
        )
        # On an Echo Show that streams, from exercise 2: a queue of clips on one screen.
        stream = Alexa(
            client, authority, interfaces=PLAYER_AND_APL, locale=locale, user_id=f"hands-{locale}"
        )
        stream.launch()
        stream.say("AMAZON.NextIntent")
        found[f"{locale}-hands-free"] = screen(stream.say("PlayRoutineIntent"))
    paths = {}
    for name, payload in found.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(json.dumps(payload), "utf-8")
    return paths


def test_every_document_passes_apl_suggester(documents):
    for name, path in documents.items():
        findings = validate(path)
        assert findings["errors"] == [] and findings["warnings"] == [], (name, findings)


@pytest.mark.parametrize(
    "name", ["en-US-pogo", "en-US-hands-free", "fr-CA-balance", "fr-CA-hands-free"]
)
def test_nothing_is_clipped_or_overlaps_at_any_viewport(documents, tmp_path, name):
    data = json.loads(documents[name].read_text("utf-8"))["datasources"]["warmup"]
    # While Alexa speaks, then into the part's audio, all within the first segment.
    spoken, left = data["startDelayMs"], data["endMs"] - data["startDelayMs"]
    at = (0, spoken, spoken + 3000, spoken + min(9000, left - 500))
    summary = render(documents[name], VIEWPORTS, tmp_path, at=at, press="next")
    assert problems(summary) == []
    for viewport in summary["viewports"]:
        where = (name, viewport["viewport"]["name"])
        # One sans family, as on a device: a second one would wrap labels falsely.
        assert set(viewport["platformFonts"]) == {"DejaVu Sans"}, where
        assert not viewport["runtimeErrors"] and not viewport["consoleErrors"], where
        # The clock holds at what is left while Alexa speaks, then counts down with the audio,
        # and its bar grows.
        clocks = [snap["texts"]["clock"] for snap in viewport["snapshots"]]
        seconds = [int(c.split(":")[0]) * 60 + int(c.split(":")[1]) for c in clocks]
        assert seconds[0] == seconds[1] == left // 1000, (where, clocks)
        assert seconds[1] - seconds[2] == 3, (where, clocks)
        bars = [_bar_width(snap) for snap in viewport["snapshots"]]
        # (the frozen clock can land a few ms past the speech: a hair of bar, not a step)
        assert abs(bars[1] - bars[0]) < 1 and bars[1] < bars[2] < bars[3], (where, bars)
        # Every button is big enough to hit standing on one foot, and Next sends "next".
        for component in components(viewport["snapshots"][0]):
            if component["type"] == "TouchWrapper":
                bounds = component["boundsDp"]
                assert min(bounds["w"], bounds["h"]) >= MIN_TOUCH_DP, (where, component["id"])
        assert viewport["press"]["reachable"], where
        assert [e["arguments"] for e in viewport["sendEvents"]] == [["next"]], where
    if name == "en-US-pogo":
        _keep_screenshots(summary)


def _bar_width(snapshot: dict) -> float:
    [bar] = [c for c in components(snapshot) if c.get("id") == "bar"]
    return bar["domBoundsPx"]["w"]


def _keep_screenshots(summary: dict) -> None:
    """The README's pictures: each screen size, nine seconds into pogo hops."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in summary["viewports"]:
        shot = viewport["snapshots"][-1]["png"]
        shutil.copyfile(shot, SCREENSHOTS / f"{viewport['viewport']['name']}.png")


@pytest.mark.parametrize("action", ["previous", "pause", "next"])
def test_each_button_sends_its_event_on_the_smallest_screens(documents, tmp_path, action):
    viewports = ("hubRoundSmall", "hubLandscapeSmall")
    summary = render(documents["en-US-first"], viewports, tmp_path, press=action)
    for viewport in summary["viewports"]:
        assert [e["arguments"] for e in viewport["sendEvents"]] == [[action]], viewport["viewport"]


def test_a_hands_free_screen_moves_on_to_the_next_clip(documents, tmp_path):
    data = json.loads(documents["en-US-hands-free"].read_text("utf-8"))["datasources"]["warmup"]
    second = data["segments"][1]
    switch = data["startDelayMs"] + second["startMs"]
    summary = render(
        documents["en-US-hands-free"], ("hubLandscapeMedium",), tmp_path, at=(0, switch + 500)
    )
    before, after = summary["viewports"][0]["snapshots"]
    assert before["texts"]["name"] == data["segments"][0]["name"]
    assert after["texts"]["name"] == second["name"] and after["texts"]["label"] == second["label"]


def test_a_deliberately_clipped_control_document_fails_the_checks(documents, tmp_path):
    """The same screen with its buttons pushed off the bottom and a line too long for its box:
    the checks above must see both, or they prove nothing."""
    payload = json.loads(documents["en-US-pogo"].read_text("utf-8"))
    broken = copy.deepcopy(payload)
    landscape = broken["document"]["mainTemplate"]["items"][1]["items"]
    landscape.insert(-1, {"type": "Frame", "height": "90vh", "width": "10dp"})
    landscape.insert(
        1,
        {
            "type": "Text",
            "id": "too-long",
            "width": "200dp",
            "height": "30dp",
            "fontSize": "28dp",
            "text": "A sentence far too long for a box two hundred dp wide and one line high.",
        },
    )
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), "utf-8")
    summary = render(path, ("hubLandscapeSmall",), tmp_path / "out", press="next")
    found = "\n".join(problems(summary))
    assert "Text#too-long text overflows its box" in found
    assert "TouchWrapper#button-next past viewport bottom" in found
    assert not summary["viewports"][0]["press"]["reachable"]
