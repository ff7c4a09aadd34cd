"""Where the runner is: table-driven moves over a routine shape, no Alexa involved."""

import pytest

from skill.core import place as places
from skill.core.place import Place as Position

# Exercise 0 has two parts at the standard pace (split per foot), one at quick.
SHAPE = {"standard": (2, 1, 1), "quick": (1, 1, 1)}


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (Position("standard", 0, 0), Position("standard", 0, 1)),
        (Position("standard", 0, 1), Position("standard", 1, 0)),
        (Position("standard", 2, 0), Position("standard", 3, 0)),
        (Position("standard", 3, 0), Position("standard", 3, 0)),  # finished stays finished
        (Position("quick", 0, 0), Position("quick", 1, 0)),
    ],
)
def test_next_part(start, expected):
    assert places.next_part(start, SHAPE) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (Position("standard", 0, 0), Position("standard", 0, 0)),  # nothing before the first
        (Position("standard", 0, 1), Position("standard", 0, 0)),
        (Position("standard", 1, 0), Position("standard", 0, 1)),  # the previous one's last part
        (Position("standard", 3, 0), Position("standard", 2, 0)),  # from the finish: last one
    ],
)
def test_previous(start, expected):
    assert places.previous(start, SHAPE) == expected


def test_skip_remembers_the_exercise_and_goto_forgets_it():
    skipped = places.skip_exercise(Position("standard", 0, 1), SHAPE)
    assert skipped == Position("standard", 1, 0, skipped=(0,))
    back = places.go_to(skipped, 0, SHAPE)
    assert back == Position("standard", 0, 0, skipped=())
    with pytest.raises(IndexError):
        places.go_to(skipped, 3, SHAPE)


def test_change_pace_restarts_the_exercise_and_start_over_keeps_the_pace():
    changed = places.change_pace(Position("standard", 0, 1), "quick", SHAPE)
    assert changed == Position("quick", 0, 0)
    with pytest.raises(KeyError):
        places.change_pace(changed, "slow", SHAPE)


def test_walking_next_visits_every_part_once_then_finishes():
    position, seen = places.start("standard", SHAPE), []
    while not places.is_finished(position, SHAPE):
        seen.append((position.exercise, position.part))
        position = places.next_part(position, SHAPE)
    assert seen == [(0, 0), (0, 1), (1, 0), (2, 0)]
    assert places.ahead(position, SHAPE) == []


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "standard",
        {},
        {"pace": "slow", "exercise": 0, "part": 0},
        {"pace": "standard", "exercise": "0", "part": 0},
        {"pace": "standard", "exercise": True, "part": 0},
        {"pace": "standard", "exercise": 0, "part": 2},  # exercise 0 has parts 0 and 1
        {"pace": "standard", "exercise": 4, "part": 0},
        {"pace": "standard", "exercise": -1, "part": 0},
        {"pace": "standard", "exercise": 3, "part": 1},
        {"pace": "standard", "exercise": 1, "part": 0, "skipped": "0"},
    ],
)
def test_from_dict_rejects_anything_malformed_or_out_of_range(raw):
    assert Position.from_dict(raw, SHAPE) is None


def test_round_trip_and_skips_are_cleaned():
    position = Position("quick", 2, 0, (0, 1))
    assert Position.from_dict(position.to_dict(), SHAPE) == position
    raw = {"pace": "quick", "exercise": 1, "part": 0, "skipped": [7, 0, 0]}
    assert Position.from_dict(raw, SHAPE) == Position("quick", 1, 0, (0,))


def test_left_out_exercises_are_never_landed_on():
    left_out = (1,)
    assert places.start("standard", SHAPE, left_out) == Position("standard", 0, 0, (1,))
    assert places.start("quick", SHAPE, (0,)) == Position("quick", 1, 0, (0,))
    assert places.next_part(Position("standard", 0, 1), SHAPE, left_out).exercise == 2
    assert places.previous(Position("standard", 2, 0), SHAPE, left_out).exercise == 0
    assert places.skip_exercise(Position("standard", 0, 0), SHAPE, left_out).exercise == 2
    assert places.ahead(Position("standard", 0, 0), SHAPE, left_out) == [0, 2]
    # With the first exercise left out, "previous" on the second stays there.
    assert places.at_first(Position("quick", 1, 0), SHAPE, (0,))
    assert places.previous(Position("quick", 1, 0), SHAPE, (0,)).exercise == 1


def test_offsets_and_intros_round_trip_and_are_checked():
    place = Position("standard", 1, 0, (), offset_ms=31_000, intro=True)
    assert Position.from_dict(place.to_dict(), SHAPE) == place
    odd = {**place.to_dict(), "offset_ms": -5, "part": 0, "exercise": 0}
    assert Position.from_dict(odd, SHAPE).offset_ms == 0
    assert Position.from_dict({**place.to_dict(), "offset_ms": "x"}, SHAPE).offset_ms == 0
    # An intro exists only before an exercise's first part.
    assert not Position.from_dict({**place.to_dict(), "exercise": 0, "part": 1}, SHAPE).intro
    assert places.next_part(place, SHAPE) == Position("standard", 1, 0)  # the intro's part
