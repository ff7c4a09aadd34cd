"""Progress that survives: every test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from skill.core.manifest import load_manifest
from skill.storage.store import StaleWriteError, database_url
from tests.conftest import BASE_URL, Alexa
from tests.envelopes import USER_ID, Conversation, body_bytes

AUDIO = re.compile(r'<audio src="([^"]+)"/>')


def ssml(data):
    return data["response"]["outputSpeech"]["ssml"]


def urls(data):
    return AUDIO.findall(ssml(data))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(database_url(url, Path("/nonexistent")))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS user_attributes"))
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """DATABASE_URL for the app: unset (SQLite in the instance folder) or the test server."""
    if request.param == "sqlite":
        return {}
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run scripts/test, which starts PostgreSQL")
    reset_postgres(url)
    return {"DATABASE_URL": url}


@pytest.fixture
def clock():
    # A Wednesday, mid-morning in St. John's (UTC-3:30).
    return Clock(datetime(2026, 11, 25, 13, 0, tzinfo=UTC))


@pytest.fixture
def app(make_app, backend, clock):
    return make_app(clock=clock, **backend)


@pytest.fixture
def device(app, authority, clock):
    """A runner's Echo: each call to .session() is a new Alexa session for the same user."""

    class Device:
        def session(self, user_id=USER_ID):
            return Alexa(app.test_client(), authority, user_id=user_id, clock=clock)

    return Device()


@pytest.fixture
def manifest(audio_dir):
    return load_manifest(audio_dir, "en-US")


def walk_to(alexa, manifest, pace, exercise, part):
    """From a fresh session, get to one part of one exercise."""
    alexa.say("ChangePaceIntent", pace=(pace, pace))
    name = manifest.paces[pace][exercise][0].exercise_id.replace("_", " ")
    data = alexa.say(
        "GoToExerciseIntent", exercise=(name, manifest.paces[pace][exercise][0].exercise_id)
    )
    for _ in range(part):
        data = alexa.say("AMAZON.NextIntent")
    return data


def every_part(manifest):
    return [
        (pace, e, p)
        for pace, exercises in manifest.paces.items()
        for e, parts in enumerate(exercises)
        for p in range(len(parts))
    ]


# -- resume ------------------------------------------------------------------------------


def test_resume_after_a_session_end_lands_on_the_same_part_everywhere(device, manifest):
    for pace, exercise, part in every_part(manifest):
        first = device.session()
        here = walk_to(first, manifest, pace, exercise, part)
        expected = f"{BASE_URL}/audio/{manifest.part(pace, exercise, part).path}"
        assert urls(here) == [expected]
        first.send(first.conversation.session_ended("EXCEEDED_MAX_REPROMPTS"))

        offer = device.session().launch()
        label = manifest.part(pace, exercise, part).label
        assert "You stopped at" in ssml(offer) or "Exercise 1 of 6" in ssml(offer)
        if "You stopped at" in ssml(offer):
            assert label in ssml(offer) or len(manifest.parts(pace, exercise)) == 1
        one_shot = device.session().say("ResumeRoutineIntent")  # "continue my foot warm up"
        assert urls(one_shot) == [expected], (pace, exercise, part)


def test_the_offer_is_answered_by_continue_yes_next_or_start_over(device, manifest):
    walk_to(device.session(), manifest, "standard", 1, 0)
    expected = f"{BASE_URL}/audio/{manifest.part('standard', 1, 0).path}"
    # "Let's go" and "start" are StartRoutineIntent: at the offer they carry on too.
    for answer in (
        "ResumeRoutineIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.YesIntent",
        "NextExerciseIntent",
        "StartRoutineIntent",
    ):
        alexa = device.session()
        offer = alexa.launch()
        assert "You stopped at big toe mobility. Say continue, or start over." in ssml(offer)
        data = alexa.say(answer)
        assert urls(data) == [expected], answer
        # The place is named once, with the exercise's how.
        assert ssml(data).count("big toe mobility") == 1, answer
    for answer in ("AMAZON.StartOverIntent", "AMAZON.NoIntent"):
        walk_to(device.session(), manifest, "standard", 1, 0)
        alexa = device.session()
        alexa.launch()
        assert "Exercise 1 of 6" in ssml(alexa.say(answer)), answer


def test_stop_and_pause_keep_the_place_for_next_time(device, manifest):
    alexa = device.session()
    walk_to(alexa, manifest, "standard", 2, 0)
    assert "You stopped at short foot" in ssml(alexa.say("AMAZON.StopIntent"))
    assert "You stopped at short foot" in ssml(device.session().launch())


def test_the_offer_lapses_after_a_few_hours(device, manifest, clock):
    walk_to(device.session(), manifest, "standard", 3, 0)
    clock.advance(hours=5)
    data = device.session().launch()
    assert "It's been a while" in ssml(data) and "Exercise 1 of 6" in ssml(data)
    walk_to(device.session(), manifest, "standard", 3, 0)
    clock.advance(hours=5)
    assert "It's been a while" in ssml(device.session().say("ResumeRoutineIntent"))


# -- history -----------------------------------------------------------------------------


def finish_quick(alexa):
    data = alexa.say("ChangePaceIntent", pace=("quick", "quick"))
    while not data["response"].get("shouldEndSession"):
        data = alexa.say("AMAZON.NextIntent")
    return data


def test_streaks_week_counts_and_a_shorter_welcome(device, clock, app):
    first = device.session()
    assert "six short exercises" in ssml(first.launch())
    assert "That's your first warm up this week" in ssml(finish_quick(first))
    assert "Welcome back. Let's get those feet ready." in ssml(device.session().launch())

    clock.advance(days=1)
    assert "That's your second day in a row." in ssml(finish_quick(device.session()))
    clock.advance(days=1)
    data = finish_quick(device.session())
    assert "third day in a row" in ssml(data)
    summary = ssml(device.session().say("WeekCountIntent"))
    assert "You've done three warm ups this week. And you're on a three day streak." in summary

    # Monday: a new week; the streak goes on.
    clock.advance(days=3)
    summary = ssml(device.session().say("WeekCountIntent"))
    assert "No warm ups yet this week" in summary
    with app.app_context():
        store = app.extensions["foot_warmup"].store
        history = store.load(USER_ID)["history"]
    assert [h["day"] for h in history] == ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert history[0]["pace"] == "quick" and len(history[0]["done"]) == 6


def test_the_day_is_the_runners_day(device, clock, app):
    clock.now = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # still the 25th in St. John's
    finish_quick(device.session())
    history = app.extensions["foot_warmup"].store.load(USER_ID)["history"]
    assert history[-1]["day"] == "2026-11-25"
    assert app.extensions["foot_warmup"].store.load(USER_ID)["time_zone"] == "America/St_Johns"


def test_skipped_exercises_are_recorded(device, app):
    alexa = device.session()
    alexa.say("ChangePaceIntent", pace=("quick", "quick"))
    alexa.say("SkipExerciseIntent")
    data = alexa.say("GoToExerciseIntent", exercise=("pogo hops", "pogo_hops"))
    data = alexa.say("AMAZON.NextIntent")
    assert data["response"]["shouldEndSession"] is True
    entry = app.extensions["foot_warmup"].store.load(USER_ID)["history"][-1]
    # Jumping ahead passes over exercises: they count as skipped, not done.
    assert entry["skipped"] == [
        "plantar_massage",
        "short_foot",
        "toe_yoga",
        "single_leg_balance",
    ]
    assert entry["done"] == ["big_toe_mobility", "pogo_hops"]


# -- preferences -------------------------------------------------------------------------


def test_pace_is_remembered(device, manifest):
    device.session().say("ChangePaceIntent", pace=("quick", "quick"))
    data = device.session().say("StartRoutineIntent")
    assert urls(data) == [f"{BASE_URL}/audio/{manifest.part('quick', 0, 0).path}"]


def test_equipment_left_out_until_asked_back(device):
    alexa = device.session()
    alexa.launch()
    data = alexa.say("LeaveOutEquipmentIntent", equipment=("lacrosse ball", "lacrosse_ball"))
    assert "I'll leave out big toe mobility until you tell me you have one" in ssml(data)
    data = alexa.say("AMAZON.NextIntent")  # massage, right foot
    data = alexa.say("AMAZON.NextIntent")
    assert "Exercise 3 of 6: short foot" in ssml(data)  # big toe mobility left out
    back = alexa.say("AMAZON.PreviousIntent")  # back past the left-out one
    assert "Plantar massage, right foot." in ssml(back)  # the part before it
    assert "3 more after this one" not in ssml(alexa.say("ProgressIntent"))
    assert "Four more after this one" in ssml(alexa.say("ProgressIntent"))
    alexa.say("AMAZON.StopIntent")

    later = device.session()
    offer = later.launch()
    assert "You stopped at plantar massage, right foot" in ssml(offer)
    again = later.say("AMAZON.NoIntent")  # start over, reminded of what is left out and how
    assert "I'm leaving out big toe mobility for now" in ssml(again)
    assert "say I found my lacrosse ball" in ssml(again)
    later.say("AMAZON.NextIntent")
    assert "Exercise 3 of 6" in ssml(later.say("AMAZON.NextIntent"))
    assert "is left out" in ssml(
        later.say("GoToExerciseIntent", exercise=("big toe", "big_toe_mobility"))
    )

    back = device.session()
    data = back.say("BringBackEquipmentIntent", equipment=("lacrosse ball", "lacrosse_ball"))
    assert "big toe mobility is back" in ssml(data)
    fresh = device.session()
    fresh.launch()
    fresh.say("AMAZON.StartOverIntent")
    fresh.say("AMAZON.NextIntent")
    assert "Exercise 2 of 6: big toe mobility" in ssml(fresh.say("AMAZON.NextIntent"))


def test_leaving_out_the_current_exercises_equipment_moves_on(device):
    alexa = device.session()
    alexa.launch()
    data = alexa.say("LeaveOutEquipmentIntent", equipment=("spiky ball", "massage_ball"))
    assert "leave out plantar massage" in ssml(data)
    assert "Exercise 2 of 6: big toe mobility" in ssml(data)


def test_unknown_equipment_asks_which(device):
    data = device.session().say("LeaveOutEquipmentIntent", equipment=("yoga mat", None))
    assert "Which one don't you have" in ssml(data)


# -- privacy -----------------------------------------------------------------------------


def test_forget_my_history_asks_first(device, app):
    finish_quick(device.session())
    store = app.extensions["foot_warmup"].store
    alexa = device.session()
    assert "Should I forget it all?" in ssml(alexa.say("ForgetHistoryIntent"))
    assert "keep everything" in ssml(alexa.say("AMAZON.NoIntent"))
    assert store.load(USER_ID).get("history")
    alexa.say("ForgetHistoryIntent")
    data = alexa.say("AMAZON.YesIntent")
    assert "forgotten" in ssml(data) and data["response"]["shouldEndSession"] is True
    assert store.load(USER_ID) == {"_version": 0}


def test_disabling_the_skill_deletes_the_runners_data(device, app):
    finish_quick(device.session())
    other = device.session(user_id="amzn1.ask.account.OTHER")
    finish_quick(other)
    alexa = device.session()
    event = alexa.conversation.envelope({"type": "AlexaSkillEvent.SkillDisabled", "body": {}})
    del event["session"]  # skill events arrive without a session
    data = alexa.send(event)
    assert "outputSpeech" not in data["response"]
    store = app.extensions["foot_warmup"].store
    assert store.load(USER_ID) == {"_version": 0}
    assert store.load("amzn1.ask.account.OTHER")["history"]


# -- concurrency -------------------------------------------------------------------------


def test_a_stale_write_is_refused_at_the_store(app):
    store = app.extensions["foot_warmup"].store
    store.save("u", {"n": 1})
    first, second = store.load("u"), store.load("u")
    first["n"] = 2
    store.save("u", first)
    second["n"] = 3
    with pytest.raises(StaleWriteError):
        store.save("u", second)
    assert store.load("u")["n"] == 2


def test_two_requests_at_once_for_one_runner_lose_no_update(app, authority, clock):
    """Both runners' devices leave out different equipment at the same moment."""
    for round_number in range(15):
        user = f"amzn1.ask.account.RACE{round_number}"
        barrier = threading.Barrier(2)
        results = []

        def leave_out(item, user=user, barrier=barrier, results=results):
            alexa = Alexa(app.test_client(), authority, user_id=user, clock=clock)
            envelope = alexa.conversation.intent(
                "LeaveOutEquipmentIntent", {"equipment": (item.replace("_", " "), item)}
            )
            barrier.wait()
            results.append(alexa.post(envelope).status_code)

        threads = [threading.Thread(target=leave_out, args=(i,)) for i in ("massage_ball", "wall")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [200, 200]
        left_out = app.extensions["foot_warmup"].store.load(user)["left_out"]
        assert sorted(left_out) == ["massage_ball", "wall"], round_number


def test_a_thousand_runners_interleaved_each_end_with_their_own_state(make_app, backend, clock):
    app = make_app(clock=clock, ALEXA_VERIFY_REQUESTS="false", **backend)
    client = app.test_client()
    runners = {}
    for n in range(1000):
        pace = "quick" if n % 2 else "standard"
        conversation = Conversation(user_id=f"amzn1.ask.account.R{n:04d}")
        runners[n] = (conversation, pace, [])

    def send(conversation, envelope):
        response = client.post("/alexa", data=body_bytes(envelope))
        assert response.status_code == 200
        data = response.get_json()
        conversation.remember(data)
        return data

    # Round-robin: every runner takes one turn before anyone takes the next.
    active = list(runners)
    for n in active:
        conversation, pace, log = runners[n]
        log.append(
            send(conversation, conversation.intent("ChangePaceIntent", {"pace": (pace, pace)}))
        )
    while active:
        still = []
        for n in active:
            conversation, pace, log = runners[n]
            if n % 3 == 0 and len(log) == 2:  # some skip an exercise on the way
                data = send(conversation, conversation.intent("SkipExerciseIntent"))
            else:
                data = send(conversation, conversation.intent("AMAZON.NextIntent"))
            log.append(data)
            if not data["response"].get("shouldEndSession"):
                still.append(n)
        active = still

    store = app.extensions["foot_warmup"].store
    assert store.user_count() == 1000
    for n, (_conversation, pace, _log) in runners.items():
        record = store.load(f"amzn1.ask.account.R{n:04d}")
        assert record["pace"] == pace and record["position"]["exercise"] == 6  # finished
        (entry,) = record["history"]
        assert entry["pace"] == pace
        assert entry["skipped"] == (
            ["big_toe_mobility"]
            if n % 3 == 0 and pace == "quick"
            else ["plantar_massage"]
            if n % 3 == 0
            else []
        )
