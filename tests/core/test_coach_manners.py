"""What a runner on one foot says between the moves: thanks, which foot, how long, what do I
need, and the first welcome. Each case is a state, one action, and what must come out."""

from __future__ import annotations

from datetime import timedelta

from skill.core.actions import Action
from skill.core.place import Place
from skill.core.profile import GUIDED, HANDS_FREE, Finished, Pending, State
from tests.core.conftest import NOW, TODAY, facts

ECHO = {"can_stream": True}


def at(place: Place | None, mode: str = GUIDED, **kw) -> State:
    return State(place=place, saved_at=NOW - timedelta(minutes=5), mode=mode, **kw)


def ids(outcome) -> list[str]:
    return [line.id for line in outcome.words()]


def test_thanks_mid_warm_up_is_politeness_and_the_warm_up_carries_on(coach):
    guided = coach.decide(at(Place("standard", 2, 0)), Action("thanks"), facts())
    assert ids(guided) == ["thanks", "then_next"] and guided.session == "listen"
    assert guided.state.place == Place("standard", 2, 0) and not guided.recorded
    streaming = coach.decide(
        at(Place("standard", 2, 0), HANDS_FREE), Action("thanks"), facts(**ECHO)
    )
    assert ids(streaming) == ["thanks"] and not streaming.stop_player and streaming.play is None
    # At the resume offer, the offer still stands.
    offer = at(Place("standard", 2, 0), pending=Pending("resume", "s1"))
    offered = coach.decide(offer, Action("thanks"), facts())
    assert ids(offered) == ["thanks", "resume_nudge"] and offered.state.pending is not None


def test_thanks_with_nothing_under_way_or_after_the_last_part_is_the_send_off(coach):
    idle = coach.decide(State(), Action("thanks"), facts())
    assert ids(idle) == ["thanks_bye"] and idle.session == "end"
    last = coach.decide(at(Place("standard", 5, 0)), Action("thanks"), facts())
    assert last.recorded and last.session == "end"  # the last part has played: that's the finish


def test_a_repeat_over_a_stream_is_said_so_the_runner_knows_it_restarted(coach):
    state = at(Place("standard", 4, 0, offset_ms=20_000), HANDS_FREE)
    outcome = coach.decide(state, Action("repeat"), facts(**ECHO))
    assert ids(outcome) == ["repeat"]
    assert outcome.play is not None and outcome.play.offset_ms == 0
    assert outcome.play.clip.place == Place("standard", 4, 0)


def test_time_left_after_a_guided_part_counts_only_what_is_still_to_play(coach):
    before = coach.remaining_ms(at(Place("standard", 0, 1), paused=True), facts())
    after = coach.remaining_ms(at(Place("standard", 0, 1)), facts())
    right_foot = coach.manifest.part("standard", 0, 1).duration_ms
    assert before - after == right_foot
    last = coach.decide(at(Place("standard", 5, 0)), Action("time_left"), facts())
    assert ids(last)[0] == "time_left_short"


def test_which_foot_after_a_guided_part_says_what_comes_next(coach):
    left_done = coach.decide(at(Place("standard", 0, 0)), Action("which_foot"), facts())
    assert [line.text for line in left_done.words()] == ["The right foot is next."]
    both_done = coach.decide(at(Place("standard", 1, 0)), Action("which_foot"), facts())
    assert ids(both_done) == ["which_foot_done"]
    # Paused before the part played, or streaming mid-part: the foot of the moment.
    paused = coach.decide(at(Place("standard", 1, 0), paused=True), Action("which_foot"), facts())
    assert ids(paused) == ["which_foot_now", "which_foot_then"]


def test_what_do_i_need_mid_warm_up_is_about_this_exercise(coach):
    massage = coach.decide(at(Place("standard", 0, 0)), Action("what_i_need"), facts())
    assert [line.text for line in massage.words()] == [
        "For this one, you'll need a textured massage ball."
    ]
    hops = coach.decide(at(Place("standard", 5, 0)), Action("what_i_need"), facts())
    assert ids(hops) == ["what_i_need_this_nothing"]
    before = coach.decide(State(), Action("what_i_need"), facts())
    assert ids(before) == ["what_i_need"]


def test_only_a_first_timer_who_will_say_next_is_told_to(coach):
    guided = coach.decide(State(), Action("launch"), facts(new_session=True))
    assert ids(guided)[:2] == ["welcome", "say_next_tip"]
    streaming = coach.decide(
        State(mode=HANDS_FREE), Action("launch"), facts(new_session=True, **ECHO)
    )
    assert "say_next_tip" not in ids(streaming) and ids(streaming)[:2] == [
        "welcome",
        "hands_free_on",
    ]
    done_before = State(history=(Finished(TODAY - timedelta(days=1), "standard", (), ()),))
    back = coach.decide(done_before, Action("launch"), facts(new_session=True))
    assert ids(back)[0] == "welcome_back" and "say_next_tip" not in ids(back)
