"""Where the runner is in the routine: a small immutable position and the moves between places.

Knows nothing of Alexa. "Shape" is how many audio parts each exercise has at each pace, taken
from the audio manifest (or the timeline), so a split exercise is walked part by part.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

Shape = dict[str, tuple[int, ...]]  # pace -> number of parts of each exercise


@dataclass(frozen=True)
class Position:
    """The exercise and part the runner is on; exercise == count means the routine is done."""

    pace: str = "standard"
    exercise: int = 0
    part: int = 0
    skipped: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for session attributes or a store."""
        return {
            "pace": self.pace,
            "exercise": self.exercise,
            "part": self.part,
            "skipped": list(self.skipped),
        }

    @classmethod
    def from_dict(cls, data: Any, shape: Shape) -> Position | None:
        """Read back a stored position; None when it is missing, malformed or out of range."""
        if not isinstance(data, dict):
            return None
        pace, exercise, part = data.get("pace"), data.get("exercise"), data.get("part")
        skipped = data.get("skipped", [])
        if pace not in shape or not _is_int(exercise) or not _is_int(part):
            return None
        if not isinstance(skipped, list) or not all(_is_int(s) for s in skipped):
            return None
        counts = shape[pace]
        if not 0 <= exercise <= len(counts):
            return None
        if exercise < len(counts) and not 0 <= part < counts[exercise]:
            return None
        if exercise == len(counts) and part != 0:
            return None
        valid_skips = tuple(sorted({s for s in skipped if 0 <= s < len(counts)}))
        return cls(pace=pace, exercise=exercise, part=part, skipped=valid_skips)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _next_exercise(counts: tuple[int, ...], after: int, skipped: tuple[int, ...]) -> int:
    """The first exercise after `after` that is not skipped (len(counts) when none is left)."""
    exercise = after + 1
    while exercise < len(counts) and exercise in skipped:
        exercise += 1
    return exercise


def start(
    pace: str = "standard", shape: Shape | None = None, leave_out: tuple[int, ...] = ()
) -> Position:
    """The first part of the first exercise that is not left out."""
    if shape is None or not leave_out:
        return Position(pace=pace)
    skipped = tuple(sorted(set(leave_out)))
    return Position(pace=pace, exercise=_next_exercise(shape[pace], -1, skipped), skipped=skipped)


def is_finished(position: Position, shape: Shape) -> bool:
    """True once the runner has moved past the last exercise."""
    return position.exercise >= len(shape[position.pace])


def next_part(position: Position, shape: Shape) -> Position:
    """The following part, or the first part of the following exercise, or finished."""
    counts = shape[position.pace]
    if is_finished(position, shape):
        return position
    if position.part + 1 < counts[position.exercise]:
        return replace(position, part=position.part + 1)
    following = _next_exercise(counts, position.exercise, position.skipped)
    return replace(position, exercise=following, part=0)


def skip_exercise(position: Position, shape: Shape) -> Position:
    """Leave the rest of this exercise and go to the next one, remembering the skip."""
    if is_finished(position, shape):
        return position
    skipped = tuple(sorted(set(position.skipped) | {position.exercise}))
    following = _next_exercise(shape[position.pace], position.exercise, skipped)
    return replace(position, exercise=following, part=0, skipped=skipped)


def previous(position: Position, shape: Shape) -> Position:
    """One step back: the previous part, else the start of the previous exercise."""
    if is_finished(position, shape):
        return replace(position, exercise=len(shape[position.pace]) - 1, part=0)
    if position.part > 0:
        return replace(position, part=position.part - 1)
    return replace(position, exercise=max(position.exercise - 1, 0), part=0)


def go_to(position: Position, exercise: int, shape: Shape) -> Position:
    """The first part of the chosen exercise (0-based)."""
    if not 0 <= exercise < len(shape[position.pace]):
        raise IndexError(exercise)
    skipped = tuple(s for s in position.skipped if s != exercise)
    return replace(position, exercise=exercise, part=0, skipped=skipped)


def change_pace(position: Position, pace: str, shape: Shape) -> Position:
    """Same exercise at another pace, from its first part (parts differ between paces)."""
    if pace not in shape:
        raise KeyError(pace)
    if is_finished(position, shape):
        return replace(position, pace=pace)
    return replace(position, pace=pace, part=0)


def start_over(position: Position) -> Position:
    """Back to the beginning at the same pace, forgetting skips."""
    return Position(pace=position.pace)


def done_and_skipped(position: Position, count: int) -> tuple[list[int], list[int]]:
    """Exercises done and skipped once the routine is finished."""
    skipped = [i for i in range(count) if i in position.skipped]
    return [i for i in range(count) if i not in position.skipped], skipped


def exercises_left(position: Position, shape: Shape) -> int:
    """Exercises still to do, counting the current one."""
    return max(len(shape[position.pace]) - position.exercise, 0)
