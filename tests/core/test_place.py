"""The where-am-I core: table-driven moves over a routine shape, no Alexa involved."""

import pytest

from skill.core import place as progress
from skill.core.place import Position

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
    assert progress.next_part(start, SHAPE) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (Position("standard", 0, 0), Position("standard", 0, 0)),  # nothing before the first
        (Position("standard", 0, 1), Position("standard", 0, 0)),
        (Position("standard", 1, 0), Position("standard", 0, 0)),  # start of the previous one
        (Position("standard", 3, 0), Position("standard", 2, 0)),  # from the finish: last one
    ],
)
def test_previous(start, expected):
    assert progress.previous(start, SHAPE) == expected


def test_skip_remembers_the_exercise_and_goto_forgets_it():
    skipped = progress.skip_exercise(Position("standard", 0, 1), SHAPE)
    assert skipped == Position("standard", 1, 0, skipped=(0,))
    back = progress.go_to(skipped, 0, SHAPE)
    assert back == Position("standard", 0, 0, skipped=())
    with pytest.raises(IndexError):
        progress.go_to(skipped, 3, SHAPE)


def test_change_pace_restarts_the_exercise_and_start_over_keeps_the_pace():
    changed = progress.change_pace(Position("standard", 0, 1), "quick", SHAPE)
    assert changed == Position("quick", 0, 0)
    assert progress.start_over(Position("quick", 2, 0, (1,))) == Position("quick", 0, 0)
    with pytest.raises(KeyError):
        progress.change_pace(changed, "slow", SHAPE)


def test_walking_next_visits_every_part_once_then_finishes():
    position, seen = progress.start(), []
    while not progress.is_finished(position, SHAPE):
        seen.append((position.exercise, position.part))
        position = progress.next_part(position, SHAPE)
    assert seen == [(0, 0), (0, 1), (1, 0), (2, 0)]
    assert progress.exercises_left(position, SHAPE) == 0


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
