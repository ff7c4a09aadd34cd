"""The coach at the seams a runner finds: each case is a state, one action, and what must come
out (line ids said, the place after, whether a stream plays or stops)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from skill.core.actions import PART, Action, Clip, PlayerReport
from skill.core.place import Place
from skill.core.profile import GUIDED, HANDS_FREE, Finished, Pending, State
from tests.core.conftest import NOW, TODAY, facts

ECHO = {"can_stream": True}


def at(place: Place, mode: str = GUIDED, **kw) -> State:
    return State(place=place, saved_at=NOW - timedelta(minutes=5), mode=mode, **kw)


def ids(outcome) -> list[str]:
    return [line.id for line in outcome.words()]


def test_keep_going_after_a_guided_part_moves_on_but_after_a_pause_plays_it_again(coach):
    done = coach.decide(at(Place("standard", 1, 0)), Action("resume"), facts())
    assert done.state.place.exercise == 2 and done.audio.place.exercise == 2
    paused = coach.decide(at(Place("standard", 1, 0), paused=True), Action("resume"), facts())
    assert paused.state.place.exercise == 1 and ids(paused)[0] == "resuming"


def test_jumping_ahead_counts_the_exercises_passed_over_as_skipped(coach):
    outcome = coach.decide(
        at(Place("standard", 1, 0)), Action("go_to", exercise="pogo_hops"), facts()
    )
    assert outcome.state.place == Place("standard", 5, 0, skipped=(2, 3, 4))
    fresh = coach.decide(State(), Action("go_to", exercise="toe_yoga"), facts())
    assert fresh.state.place.skipped == (0, 1, 2)  # nothing was done before it


def test_a_guided_pace_change_after_an_exercise_starts_the_next_one_at_that_pace(coach):
    outcome = coach.decide(at(Place("standard", 0, 1)), Action("pace", pace="quick"), facts())
    assert outcome.state.place == Place("quick", 1, 0) and outcome.audio.place.pace == "quick"
    mid = coach.decide(at(Place("standard", 0, 0)), Action("pace", pace="quick"), facts())
    assert mid.state.place == Place("quick", 0, 0)  # a foot still to do: the quick one whole
    last = coach.decide(at(Place("standard", 5, 0)), Action("pace", pace="quick"), facts())
    assert last.audio is None and last.state.place.pace == "quick" and not last.recorded


def test_what_comes_next_is_answered_without_moving(coach):
    cases = [
        (Place("standard", 0, 0), "next_is_part"),
        (Place("standard", 0, 1), "next_is"),
        (Place("standard", 5, 0), "next_is_finish"),
    ]
    for place, expected in cases:
        outcome = coach.decide(at(place), Action("whats_next"), facts())
        assert ids(outcome) == [expected] and outcome.state.place == place
    assert ids(coach.decide(State(), Action("whats_next"), facts())) == ["first_up"]


def test_why_gives_the_exercises_purpose(coach, routine):
    outcome = coach.decide(at(Place("standard", 3, 0)), Action("why"), facts())
    assert outcome.words()[0].text == routine.exercises[3].purpose


def test_never_mind_drops_the_question_and_keeps_going(coach):
    state = at(Place("standard", 2, 0), pending=Pending("which_exercise", "s1"))
    outcome = coach.decide(state, Action("cancel"), facts())
    assert outcome.session == "listen" and outcome.state.pending is None
    assert ids(outcome) == ["going_to", "then_next"]
    # With nothing asked, a dropped sentence mid warm-up carries on too (the stream as well).
    plain = coach.decide(at(Place("standard", 2, 0)), Action("cancel"), facts())
    assert plain.session == "listen" and ids(plain) == ["never_mind", "then_next"]
    streaming = coach.decide(
        at(Place("standard", 2, 0), HANDS_FREE), Action("cancel"), facts(**ECHO)
    )
    assert not streaming.stop_player and ids(streaming) == ["never_mind"]
    # Before or after a warm-up, it is goodbye.
    idle = coach.decide(State(), Action("cancel"), facts())
    assert idle.session == "end" and ids(idle) == ["goodbye"]


def test_bringing_back_an_exercise_already_passed_says_how_to_do_it(coach):
    state = at(Place("standard", 3, 0, skipped=(1,)), left_out=("lacrosse_ball",))
    outcome = coach.decide(state, Action("bring_back", item="lacrosse_ball"), facts())
    assert ids(outcome) == ["brought_back", "brought_back_behind"]
    assert "go to big toe mobility" in outcome.words()[1].text


def test_a_place_left_days_ago_does_not_answer_for_today(coach):
    old = replace(at(Place("standard", 2, 0)), saved_at=NOW - timedelta(days=2))
    where = coach.decide(old, Action("where"), facts(new_session=True, session="s9"))
    assert ids(where) == ["where_not_started"]
    resumed = coach.decide(old, Action("resume"), facts(new_session=True, session="s9"))
    assert ids(resumed)[0] == "resume_lapsed"


def test_forgetting_while_hands_free_stops_the_stream(coach):
    clip = Clip(PART, Place("standard", 1, 0))
    state = at(Place("standard", 1, 0), HANDS_FREE, pending=Pending("forget", "s1"))
    outcome = coach.decide(
        state, Action("yes"), facts(player=PlayerReport(clip, 9000, "PLAYING"), **ECHO)
    )
    assert outcome.forget and outcome.stop_player


def test_the_week_mid_warm_up_is_not_a_call_to_start(coach):
    outcome = coach.decide(at(Place("standard", 2, 0)), Action("week"), facts())
    assert ids(outcome) == ["week_summary_none_now"]


@pytest.mark.parametrize("place", [Place("standard", 0, 0), Place("quick", 4, 0)])
def test_times_agree_between_how_long_and_how_much_is_left_at_the_start(coach, place):
    start = Place(place.pace, 0, 0)
    left = coach.decide(at(start), Action("time_left"), facts())
    total = coach.decide(at(start), Action("how_long"), facts())
    minutes = left.words()[0].text.split("About ")[1].split(" to go")[0]
    assert minutes in total.words()[1].text


def test_two_items_left_out_are_both_named(coach):
    state = State(left_out=("massage_ball", "lacrosse_ball"))
    launch = coach.decide(state, Action("launch"), facts())
    reminder = next(line.text for line in launch.words() if line.id.startswith("left_out_rem"))
    assert "plantar massage and big toe mobility" in reminder
    assert "massage ball or lacrosse ball" in reminder
    need = coach.decide(state, Action("what_i_need"), facts())
    said = " ".join(line.text for line in need.words())
    assert "Without a textured massage ball or a lacrosse ball, I'm leaving out" in said


def test_finishing_words_on_the_last_exercise_finish_and_count(coach):
    outcome = coach.decide(at(Place("standard", 5, 0)), Action("end"), facts())
    assert outcome.recorded and outcome.state.place.exercise == 6
    earlier = coach.decide(at(Place("standard", 3, 0)), Action("end"), facts())
    assert not earlier.recorded and ids(earlier) == ["goodbye_in_exercise"]


def test_a_question_at_the_resume_offer_keeps_the_offer(coach):
    offer = at(Place("standard", 1, 0), pending=Pending("resume", "s1"))
    asked = coach.decide(offer, Action("time_left"), facts())
    assert asked.state.pending.question == "resume" and ids(asked)[-1] == "resume_nudge"
    carried = coach.decide(asked.state, Action("resume"), facts())
    assert carried.audio.place.exercise == 1  # the exercise they stopped at, not the next
    quick = coach.decide(offer, Action("pace", pace="quick"), facts())
    assert quick.audio.place == Place("quick", 1, 0, offset_ms=0)


def test_play_the_rest_hands_free_after_a_guided_part_starts_after_it(coach):
    played = at(Place("standard", 0, 0))
    outcome = coach.decide(played, Action("hands_free"), facts(**ECHO))
    assert outcome.play.clip.place.part == 1 and outcome.state.mode == HANDS_FREE
    after_big_toe = coach.decide(at(Place("standard", 1, 0)), Action("hands_free"), facts(**ECHO))
    assert after_big_toe.play.clip.kind == "intro"
    assert after_big_toe.play.clip.place.exercise == 2
    paused = coach.decide(
        at(Place("standard", 0, 0), paused=True), Action("hands_free"), facts(**ECHO)
    )
    assert paused.play.clip.place.part == 0


def test_a_streak_from_last_week_is_still_told_on_monday(coach):
    monday = TODAY + timedelta(days=(7 - TODAY.weekday()) % 7)
    history = tuple(
        Finished(monday - timedelta(days=n), "standard", ("short_foot",), ()) for n in (1, 2, 3)
    )
    outcome = coach.decide(State(history=history), Action("week"), facts(today=monday))
    assert ids(outcome) == ["week_streak_alive"] and "three day streak" in outcome.words()[0].text


def test_pain_while_hands_free_pauses_the_stream(coach):
    state = at(Place("standard", 5, 0, offset_ms=8_000), HANDS_FREE)
    outcome = coach.decide(state, Action("hurts"), facts(**ECHO))
    assert outcome.stop_player and outcome.state.paused and ids(outcome) == ["hurts_hands_free"]
    skipped = coach.decide(outcome.state, Action("skip"), facts(**ECHO))
    assert skipped.recorded and "pogo_hops" in skipped.state.history[-1].skipped


def test_a_finished_warm_up_is_not_reopened_by_going_back(coach):
    done = at(Place("standard", 6, 0))
    outcome = coach.decide(done, Action("previous"), facts())
    assert ids(outcome) == ["already_finished"] and outcome.state.place.exercise == 6


def test_lets_go_between_parts_carries_on(coach):
    outcome = coach.decide(at(Place("standard", 0, 0)), Action("start"), facts())
    assert outcome.audio.place == Place("standard", 0, 1)


def test_back_from_the_start_of_an_exercise_is_back_one_part(coach):
    outcome = coach.decide(at(Place("standard", 1, 0)), Action("previous"), facts())
    assert (outcome.audio.place.exercise, outcome.audio.place.part) == (0, 1)


def test_unknown_words_in_answer_to_a_question_ask_it_again(coach):
    asked = at(Place("standard", 2, 0), pending=Pending("which_exercise", "s1"))
    outcome = coach.decide(asked, Action("pace", heard=True), facts())
    assert ids(outcome) == ["which_exercise_again"]
    # With nothing asked, the intent's own question is the helpful one.
    plain = coach.decide(at(Place("standard", 2, 0)), Action("pace", heard=True), facts())
    assert ids(plain) == ["which_pace"]
