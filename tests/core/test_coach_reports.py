"""What the device says about our stream, as a device really says it: tokens carry no skips,
reports arrive late or from another device, offsets can be anything. The stored place stays
the one truth; a report only moves it along the runner's own stream."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from skill.core.actions import INTRO, PART, Action, Clip, PlayerReport
from skill.core.place import Place
from skill.core.profile import GUIDED, HANDS_FREE, State
from tests.core.conftest import NOW, facts

ECHO = {"can_stream": True}
EVENT = {"can_stream": True, "can_speak": False, "session": None}


def token(pace: str, exercise: int, part: int = 0, intro: bool = False) -> Clip:
    """A clip as a token brings it back: no skips, no offset."""
    return Clip(INTRO if intro else PART, Place(pace, exercise, part, intro=intro))


def hands_free(place: Place, **kw) -> State:
    return State(place=place, saved_at=NOW - timedelta(minutes=5), mode=HANDS_FREE, **kw)


def event(coach, state: State, name: str, clip: Clip, offset_ms: int = 0):
    return coach.decide(state, Action(name, clip=clip, offset_ms=offset_ms), facts(**EVENT))


def play_through(coach, state: State, first: Clip):
    """Answer the device's events the way an Echo sends them until the stream ends."""
    clip: Clip | None = first
    outcome = None
    for _ in range(60):
        if clip is None or clip.kind not in (PART, INTRO):
            break
        state = event(coach, state, "playback_started", clip).state
        nearly = event(coach, state, "playback_nearly_finished", clip, 1_000)
        outcome = event(coach, state, "playback_finished", clip, 2_000)
        state = outcome.state
        following = nearly.play.clip if nearly.play else None
        clip = (
            token(
                following.place.pace,
                following.place.exercise,
                following.place.part,
                following.place.intro,
            )
            if following and following.place
            else following
        )
    return state, outcome


def test_skipping_every_exercise_hands_free_records_nothing(coach):
    state = coach.decide(State(mode=HANDS_FREE), Action("launch"), facts(**ECHO)).state
    for _ in range(6):
        here = state.place
        state = event(
            coach, state, "playback_started", token("standard", here.exercise, 0, True)
        ).state
        outcome = coach.decide(state, Action("skip"), facts(**ECHO))
        state = outcome.state
    assert not outcome.recorded and state.history == ()


def test_a_skipped_exercise_is_not_recorded_as_done_after_the_stream_plays_on(coach):
    state = hands_free(Place("quick", 0, 0, skipped=(0,), intro=True))
    state = replace(state, place=Place("quick", 1, 0, skipped=(0,), intro=True))
    state, last = play_through(coach, state, token("quick", 1, 0, True))
    assert last.recorded
    record = state.history[-1]
    assert record.skipped == ("plantar_massage",)
    assert "plantar_massage" not in record.done and len(record.done) == 5


def test_a_left_out_exercise_stays_out_of_a_stream_told_by_tokens(coach):
    state = coach.decide(
        State(mode=HANDS_FREE, left_out=("lacrosse_ball",)), Action("launch"), facts(**ECHO)
    ).state
    played = []
    clip = token("standard", 0, 0)
    for _ in range(40):
        played.append(clip.place.exercise)
        state = event(coach, state, "playback_started", clip).state
        nearly = event(coach, state, "playback_nearly_finished", clip, 1_000)
        state = event(coach, state, "playback_finished", clip, 2_000).state
        if not nearly.play or nearly.play.clip.place is None:
            break
        p = nearly.play.clip.place
        clip = token(p.pace, p.exercise, p.part, p.intro)
    assert 1 not in played and played[-1] == 5
    assert "big_toe_mobility" not in state.history[-1].done


def test_a_stale_report_of_a_finished_warm_up_does_not_resume_it(coach):
    finished = hands_free(Place("standard", 6, 0))
    stale = PlayerReport(token("standard", 5, 0), 30_000, "STOPPED")
    outcome = coach.decide(
        finished, Action("launch"), facts(player=stale, new_session=True, **ECHO)
    )
    assert outcome.state.place is None or outcome.state.place.exercise in (0, 6)
    assert "resuming" not in [line.id for line in outcome.words()]


def test_a_lapsed_place_stays_lapsed_whatever_the_device_reports(coach):
    old = replace(hands_free(Place("standard", 2, 0)), saved_at=NOW - timedelta(hours=30))
    report = PlayerReport(token("standard", 2, 0), 12_000, "STOPPED")
    outcome = coach.decide(old, Action("launch"), facts(player=report, new_session=True, **ECHO))
    assert [line.id for line in outcome.words()][0] == "resume_lapsed"


def test_a_report_behind_or_left_out_does_not_move_the_place(coach):
    here = Place("standard", 2, 0, skipped=(1,))
    state = hands_free(here, left_out=("lacrosse_ball",))
    for clip in (token("standard", 0, 0), token("standard", 1, 0)):
        report = PlayerReport(clip, 4_000, "STOPPED")
        outcome = coach.decide(state, Action("where"), facts(player=report, **ECHO))
        assert outcome.state.place == here
        assert "big toe mobility" not in " ".join(line.text for line in outcome.words())


def test_a_report_ahead_in_the_stream_moves_the_place_with_its_offset(coach):
    state = hands_free(Place("standard", 0, 0, skipped=(1,)))
    report = PlayerReport(token("standard", 0, 1), 4_000, "PLAYING")
    outcome = coach.decide(state, Action("where"), facts(player=report, **ECHO))
    assert outcome.state.place == Place("standard", 0, 1, skipped=(1,), offset_ms=4_000)
    following = PlayerReport(token("standard", 2, 0, intro=True), 1_000, "PLAYING")
    outcome = coach.decide(state, Action("where"), facts(player=following, **ECHO))
    assert outcome.state.place == Place("standard", 2, 0, skipped=(1,), offset_ms=1_000, intro=True)


def test_a_late_started_event_neither_moves_back_nor_unpauses(coach):
    state = hands_free(Place("standard", 3, 0), paused=True)
    outcome = event(coach, state, "playback_started", token("standard", 2, 0), 9_000)
    assert outcome.state.place == Place("standard", 3, 0) and outcome.state.paused
    late = event(coach, state, "playback_nearly_finished", token("standard", 1, 0), 9_000)
    assert late.play is None


def test_offsets_past_the_clip_are_read_as_its_start(coach):
    state = hands_free(Place("standard", 2, 0))
    huge = event(coach, state, "playback_stopped", token("standard", 2, 0), 10**30)
    assert huge.state.place.offset_ms == 0
    resumed = coach.decide(huge.state, Action("resume"), facts(**ECHO))
    assert resumed.play.offset_ms == 0
    stored = Place.from_dict(
        {**Place("standard", 2, 0).to_dict(), "offset_ms": 10**30}, coach.shape
    )
    assert stored is not None and stored.offset_ms == 0


def test_forward_then_back_returns_to_where_the_runner_was_in_both_modes(coach):
    for mode, device in ((GUIDED, {}), (HANDS_FREE, ECHO)):
        state = State(mode=mode)
        state = coach.decide(state, Action("launch"), facts(**device)).state
        state = coach.decide(state, Action("go_to", exercise="pogo_hops"), facts(**device)).state
        back = coach.decide(state, Action("go_to", exercise="big_toe_mobility"), facts(**device))
        here = back.state.place
        assert (here.exercise, here.skipped, here.return_to) == (1, (2, 3, 4), 5), mode
        if mode == GUIDED:
            after = coach.decide(back.state, Action("next"), facts(**device))
            assert after.state.place.exercise == 5  # big toe mobility has one part
        else:
            intro = token("standard", 1, 0, True)
            started = event(coach, back.state, "playback_started", intro)
            nearly = event(coach, started.state, "playback_nearly_finished", intro)
            assert nearly.play.clip.place.exercise == 1
            part = token("standard", 1, 0)
            started = event(coach, started.state, "playback_started", part)
            nearly = event(coach, started.state, "playback_nearly_finished", part)
            assert nearly.play.clip == Clip(INTRO, Place("standard", 5, 0, (2, 3, 4), intro=True))
