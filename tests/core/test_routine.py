"""The routine file: the shipped one loads; mistakes name the file, exercise and field."""

import re
from pathlib import Path

import pytest

from skill.core.routine import RoutineError
from skill.core.routine_file import default_routine_path, load_routine

SOURCE = default_routine_path().read_text("utf-8")


def test_the_shipped_routine_has_six_exercises_in_order(routine):
    assert [e.id for e in routine.exercises] == [
        "plantar_massage",
        "big_toe_mobility",
        "short_foot",
        "toe_yoga",
        "single_leg_balance",
        "pogo_hops",
    ]
    massage = routine.exercise("plantar_massage")
    assert massage.doses["standard"].reps == 3 and massage.doses["standard"].work_ms == 60_000
    assert massage.doses["quick"].work_ms == 20_000
    assert routine.exercise("short_foot").doses["standard"].reps == 6
    assert routine.exercise("pogo_hops").beat_per_s == 2.5
    assert "Kawamoto" in routine.credit and "Canadian Running" in routine.credit
    for exercise in routine.exercises:
        # "One or two sentences" before the timer starts: runners hate long talk.
        assert 1 <= exercise.intro.count(".") <= 2, exercise.id


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in SOURCE, old
    path = tmp_path / "routine.toml"
    path.write_text(SOURCE.replace(old, new, count), "utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name = "toe yoga"\n', "", "exercise 'toe_yoga': field 'name' is missing"),
        (
            "work_s = 60\n",
            'work_s = "sixty"\n',
            "exercise 'plantar_massage' doses.standard: field 'work_s' should be float",
        ),
        ("reps = 6\n", "reps = 0\n", "exercise 'short_foot' doses.standard: field 'reps'"),
        ('sides = ["both"]', 'sides = ["middle"]', "exercise 'toe_yoga': field 'sides'"),
        (
            "beats = 20\nrest_s = 20",
            "work_s = 8\nrest_s = 20",
            "exercise 'pogo_hops' doses.standard: field 'beats' is missing",
        ),
        ('id = "short_foot"', 'id = "toe_yoga"', "exercise 'toe_yoga': field 'id' is used twice"),
        ("lead_in_s = 5", "lead_in_s = 0", "timing: field 'lead_in_s' must be at least 1"),
        ('halfway = "Halfway there."\n', "", "cues: field 'halfway' is missing"),
        ("schema = 1", "schema = 2", "top level: field 'schema' must be 1"),
        ("tick_every_s = 1", "tick_every_s = 0.2", "sound: field 'tick_every_s' should be 0"),
        ("countdown_pips = 3", "countdown_pips = 9", "sound: field 'countdown_pips'"),
        ("signals = true", 'signals = "yes"', "sound: field 'signals' should be bool"),
        ('both = "both feet"\n', "", "labels: field 'both' is missing"),
        ('part = "{side}, part {number}"', 'part = "{foot}"', "labels: field 'part' may use"),
        (
            'intro = "Feet flat.',
            'intro = " "\nunused = "',
            "exercise 'toe_yoga': field 'intro' is empty",
        ),
    ],
)
def test_a_mistake_names_file_exercise_and_field(tmp_path, old, new, expected):
    path = broken(tmp_path, old, new)
    with pytest.raises(RoutineError, match=re.escape(expected)) as caught:
        load_routine(path)
    assert str(path) in str(caught.value)


def test_invalid_toml_and_missing_file_are_clear(tmp_path):
    path = broken(tmp_path, "[timing]", "[timing")
    with pytest.raises(RoutineError, match="not valid TOML"):
        load_routine(path)
    with pytest.raises(RoutineError, match="cannot read"):
        load_routine(tmp_path / "nope.toml")


def test_the_version_follows_the_file_contents(tmp_path, routine):
    same = tmp_path / "same.toml"
    same.write_text(SOURCE, "utf-8")
    assert load_routine(same).version == routine.version
    assert load_routine(broken(tmp_path, "Nice work.", "Great job.")).version != routine.version
