"""The coach over every combination of mode, place, pending question, device and action, with
the invariants that must hold whatever the runner says or presses."""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import replace
from datetime import timedelta

import pytest

from skill.core.actions import (
    ACTION_NAMES,
    EVENTS,
    INTRO,
    PART,
    SEND_OFF,
    Action,
    Clip,
    PlayerReport,
)
from skill.core.place import Place, is_finished
from skill.core.profile import GUIDED, HANDS_FREE, QUESTIONS, Finished, Pending, State
from tests.core.conftest import NOW, TODAY, facts

NOT_STARTED = {
    "where_not_started",
    "pause_not_started",
    "how_to_not_started",
    "help_not_started",
    "fallback_not_started",
    "which_foot_not_started",
}
MODE_ACTIONS = {"hands_free", "step_by_step"}

PLACES = {
    "none": None,
    "start": Place("standard", 0, 0),
    "split": Place("standard", 0, 1, offset_ms=42_000),
    "middle": Place("quick", 2, 0, skipped=(1,)),
    "intro": Place("standard", 3, 0, intro=True, offset_ms=2_000),
    "last": Place("standard", 5, 0, skipped=(0,)),
    "finished": Place("standard", 6, 0, skipped=(2,)),
}
DEVICES = {
    "speaker": {"can_stream": False},
    "echo": {"can_stream": True},
    "echo_playing": {"can_stream": True, "player": "playing"},
    "echo_stale": {"can_stream": True, "player": "stale"},
    "button": {"can_stream": True, "can_speak": False, "session": None},
    "new_session": {"can_stream": True, "new_session": True, "session": "s2"},
}
LEFT_OUT = {"all_in": (), "no_lacrosse": ("lacrosse_ball",)}


def token_clip(place: Place) -> Clip:
    """A clip as a device echoes it back in a token: no skips, no offset."""
    bare = Place(place.pace, place.exercise, place.part, intro=place.intro)
    return Clip(INTRO if place.intro else PART, bare)


def actions_for(place: Place | None) -> list[Action]:
    """Every action, with each kind of slot it can carry, and events about several clips:
    nothing, a send-off, one ahead, one behind, a left-out one, the last, and the current."""
    clips = [None, Clip(SEND_OFF, send_off="week-1"), token_clip(Place("standard", 4, 0))]
    clips += [token_clip(Place("standard", 0, 0)), token_clip(Place("standard", 1, 0))]
    clips.append(token_clip(Place("standard", 5, 0)))
    if place is not None and not is_finished(place, {"standard": (2,) * 6, "quick": (1,) * 6}):
        clips.append(token_clip(place))
    result = []
    for name in ACTION_NAMES:
        if name.startswith("playback_"):
            result += [Action(name, clip=clip, offset_ms=5_000) for clip in clips]
        elif name == "go_to":
            result += [Action(name), Action(name, exercise="pogo_hops")]
            result += [Action(name, exercise="big_toe_mobility"), Action(name, heard=True)]
        elif name == "pace":
            result += [Action(name), Action(name, pace="quick"), Action(name, pace="standard")]
        elif name == "answer":
            result += [Action(name), Action(name, exercise="toe_yoga"), Action(name, pace="quick")]
            result += [Action(name, item="lacrosse_ball"), Action(name, item="wall")]
        elif name in ("leave_out", "bring_back"):
            result += [Action(name), Action(name, item="lacrosse_ball")]
            result += [Action(name, item="massage_ball")]
        else:
            result.append(Action(name))
    return result


def state_for(mode, place, left_out, pending, paused=False) -> State:
    history = (Finished(TODAY - timedelta(days=1), "quick", ("plantar_massage",), ()),)
    return State(
        place=place,
        saved_at=NOW - timedelta(minutes=20) if place else None,
        mode=mode,
        paused=paused,
        pending=Pending(pending, "s1") if pending else None,
        left_out=left_out,
        history=history,
    )


def facts_for(device: str, place: Place | None):
    options = dict(DEVICES[device])
    report = options.pop("player", None)
    if report == "playing" and place is not None and place.exercise < 6:
        options["player"] = PlayerReport(token_clip(place), 7_000, "PLAYING")
    elif report == "stale":  # the last part, stopped long ago, maybe on another device
        options["player"] = PlayerReport(token_clip(Place("standard", 5, 0)), 9_000, "STOPPED")
    return facts(**options)


SENTENCE = re.compile(r"(?<=[.!?])\s+")


def first_words(lines) -> list[str]:
    text = " ".join(line.text for line in lines)
    return [
        s.split()[0].strip(string.punctuation).lower() for s in SENTENCE.split(text) if s.strip()
    ]


def check(coach, state, action, outcome, fx, where):
    after = outcome.state
    shape = coach.shape
    left_out = coach.routine.needing(after.left_out)
    # The place after any action is a valid place, on no left-out exercise.
    if after.place is not None:
        assert Place.from_dict(after.place.to_dict(), shape) == after.place, where
        if not is_finished(after.place, shape):
            assert after.place.exercise not in left_out, where
    # No answer says "not started" while a place is stored.
    ids = {line.id for line in outcome.words()}
    if state.place is not None:
        assert not ids & NOT_STARTED, where
    # The mode changes only on a mode command (or when everything is forgotten).
    if action.name not in MODE_ACTIONS and not outcome.forget:
        assert after.mode == state.mode, where
    # A left-out exercise is never played or shown.
    played = [outcome.audio, outcome.play.clip if outcome.play else None]
    played += list(outcome.show.clips if outcome.show else [])
    for clip in played:
        if clip is not None and clip.place is not None:
            assert clip.place.exercise not in left_out, where
    # Nothing done is never recorded, and a record is one new entry.
    if outcome.recorded:
        assert len(after.history) == len(state.history) + 1, where
        assert after.history[-1].done, where
    elif not outcome.forget:
        assert after.history == state.history, where
    # Player events and buttons carry no speech.
    if not fx.can_speak:
        assert not outcome.words() and outcome.session is None and outcome.show is None, where
    # A response that starts a stream ends the session; speech goes with words only.
    if outcome.play and fx.can_speak and action.name not in ("launch",):
        assert outcome.session == "end", where
    if outcome.audio is not None:
        assert outcome.session == "listen" and outcome.audio.kind == PART, where
    # No two sentences in a row open the same way.
    opening = first_words(outcome.words())
    for a, b in itertools.pairwise(opening):
        assert a != b, (where, [line.text for line in outcome.words()])


@pytest.mark.parametrize("mode", [GUIDED, HANDS_FREE])
@pytest.mark.parametrize("place_name", list(PLACES))
def test_every_action_keeps_the_invariants(coach, mode, place_name):
    place = PLACES[place_name]
    runs = 0
    for device, left_name in itertools.product(DEVICES, LEFT_OUT):
        left_out = LEFT_OUT[left_name]
        if place is not None and not is_finished(place, coach.shape):
            if place.exercise in coach.routine.needing(left_out):
                continue  # a stored place is never on a left-out exercise
        pendings = [None, *QUESTIONS] if place_name in ("none", "middle", "split") else [None]
        for pending, paused in itertools.product(pendings, (False, True)):
            state = state_for(mode, place, left_out, pending, paused)
            for action in actions_for(place):
                fx = facts_for(device, place)
                if action.name in EVENTS:  # player events come with no session and no voice
                    fx = replace(fx, can_speak=False, session=None, can_stream=True)
                where = (mode, place_name, device, left_name, pending, paused, action)
                outcome = coach.decide(state, action, fx)
                check(coach, state, action, outcome, fx, where)
                runs += 1
    assert runs > 500


def test_questions_in_another_session_are_dropped(coach):
    state = state_for(GUIDED, PLACES["middle"], (), "forget")
    outcome = coach.decide(state, Action("yes"), facts(session="s2"))
    assert not outcome.forget
    assert [line.id for line in outcome.speech] == ["okay_next"]
    kept = coach.decide(state, Action("playback_stopped"), facts(session=None))
    assert kept.state.pending == state.pending


def test_a_left_out_exercise_never_plays_whatever_the_route(coach):
    left = ("lacrosse_ball",)
    walks = {
        "next": Place("standard", 0, 1),
        "previous": Place("standard", 2, 0),
        "skip": Place("standard", 0, 0),
    }
    for name, place in walks.items():
        for mode, device in ((GUIDED, {}), (HANDS_FREE, {"can_stream": True})):
            state = replace(state_for(mode, place, left, None), place=place)
            outcome = coach.decide(state, Action(name), facts(**device))
            target = outcome.state.place
            assert target.exercise != 1, (name, mode)
    last = state_for(GUIDED, PLACES["last"], left, None)
    start_over = coach.decide(last, Action("start_over"), facts())
    assert start_over.state.place.exercise == 0 and 1 in start_over.state.place.skipped


def test_nothing_done_is_not_recorded(coach):
    state = State()
    outcome = coach.decide(state, Action("launch"), facts())
    state = outcome.state
    for _ in range(6):
        outcome = coach.decide(state, Action("skip"), facts())
        state = outcome.state
    assert not outcome.recorded and state.history == ()
    assert "finish_nothing_done" in [line.id for line in outcome.speech]
