"""Where the runner is in the routine: a small immutable place and the moves between places.

"Shape" is how many audio parts each exercise has at each pace (from the audio manifest), so a
split exercise is walked part by part. "Left out" is the exercises whose equipment the runner
does not have: no move ever lands on one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

Shape = dict[str, tuple[int, ...]]  # pace -> number of parts of each exercise
# No part is longer than Alexa's 240 s stream limit; a stored offset beyond this is corrupt.
LONGEST_OFFSET_MS = 240_000


@dataclass(frozen=True)
class Place:
    """The exercise and part the runner is on; exercise == count means the routine is done.

    `offset_ms` is how far into the part's audio a hands-free stream had got, and `intro` is
    true while a stream plays the exercise's spoken intro, before its first part. `return_to`
    is where a runner who went back to an earlier exercise was: after it, they go on from
    there rather than redo what lies between.
    """

    pace: str = "standard"
    exercise: int = 0
    part: int = 0
    skipped: tuple[int, ...] = ()
    offset_ms: int = 0
    intro: bool = False
    return_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a store."""
        return {
            "pace": self.pace,
            "exercise": self.exercise,
            "part": self.part,
            "skipped": list(self.skipped),
            "offset_ms": self.offset_ms,
            "intro": self.intro,
            **({"return_to": self.return_to} if self.return_to is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Any, shape: Shape) -> Place | None:
        """Read back a stored place; None when it is missing, malformed or out of range."""
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
        offset = data.get("offset_ms", 0)
        intro = data.get("intro") is True and part == 0 and exercise < len(counts)
        back = data.get("return_to")
        return_to = back if _is_int(back) and exercise < back < len(counts) else None
        return cls(
            pace=pace,
            exercise=exercise,
            part=part,
            skipped=tuple(sorted({s for s in skipped if 0 <= s < len(counts)})),
            offset_ms=offset if _is_int(offset) and 0 <= offset < LONGEST_OFFSET_MS else 0,
            intro=intro,
            return_to=return_to,
        )

    def at(self, offset_ms: int = 0, intro: bool = False) -> Place:
        """The same part, from this far into its audio."""
        return replace(self, offset_ms=max(offset_ms, 0), intro=intro)

    def same_part(self, other: Place | None) -> bool:
        """Whether two places name the same audio (offsets aside)."""
        return other is not None and (self.pace, self.exercise, self.part, self.intro) == (
            other.pace,
            other.exercise,
            other.part,
            other.intro,
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _following(counts: tuple[int, ...], after: int, avoid: set[int]) -> int:
    """The first exercise after `after` not in `avoid` (len(counts) when none is left)."""
    exercise = after + 1
    while exercise < len(counts) and exercise in avoid:
        exercise += 1
    return exercise


def _back_to(place: Place, exercise: int) -> int | None:
    """Where a runner going back from `place` to `exercise` returns to afterwards (None when
    that is simply the next one)."""
    back = max(place.exercise, place.return_to or 0)
    return back if back > exercise + 1 else None


def _after(place: Place) -> int:
    """The exercise the walk goes on from: this one, or where a runner who went back was."""
    if place.return_to is not None and place.return_to > place.exercise:
        return place.return_to - 1
    return place.exercise


def start(pace: str, shape: Shape, left_out: tuple[int, ...] = ()) -> Place:
    """The first part of the first exercise that is not left out."""
    skipped = tuple(sorted(set(left_out)))
    return Place(pace=pace, exercise=_following(shape[pace], -1, set(skipped)), skipped=skipped)


def is_finished(place: Place, shape: Shape) -> bool:
    """True once the runner has moved past the last exercise."""
    return place.exercise >= len(shape[place.pace])


def finished(place: Place, shape: Shape) -> Place:
    """The place past the last exercise, keeping what was skipped."""
    return Place(pace=place.pace, exercise=len(shape[place.pace]), skipped=place.skipped)


def next_part(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> Place:
    """The following part, or the first part of the following exercise, or finished."""
    counts = shape[place.pace]
    if is_finished(place, shape):
        return place.at(0)
    if place.intro:
        return place.at(0)
    if place.part + 1 < counts[place.exercise]:
        return replace(place, part=place.part + 1, offset_ms=0)
    avoid = set(place.skipped) | set(left_out)
    following = _following(counts, _after(place), avoid)
    return replace(place, exercise=following, part=0, offset_ms=0, return_to=None)


def skip_exercise(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> Place:
    """Leave the rest of this exercise and go to the next one, remembering the skip."""
    if is_finished(place, shape):
        return place
    skipped = tuple(sorted(set(place.skipped) | {place.exercise}))
    following = _following(shape[place.pace], _after(place), set(skipped) | set(left_out))
    return Place(pace=place.pace, exercise=following, skipped=skipped)


def first_available(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> int:
    """The first exercise that is not left out."""
    return _following(shape[place.pace], -1, set(left_out))


def previous(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> Place:
    """One step back: the previous part, which may be the last part of the previous exercise
    that is not left out (a skipped one comes back in); on the first, the start of that one."""
    counts = shape[place.pace]
    if not is_finished(place, shape) and place.part > 0 and not place.intro:
        return replace(place, part=place.part - 1, offset_ms=0)
    exercise = place.exercise - 1
    while exercise >= 0 and exercise in left_out:
        exercise -= 1
    if exercise < 0:
        exercise = min(place.exercise, len(counts) - 1)
        while exercise in left_out and exercise < len(counts) - 1:
            exercise += 1
        return Place(pace=place.pace, exercise=exercise, skipped=place.skipped)
    skipped = tuple(s for s in place.skipped if s != exercise)
    return_to = None
    if not is_finished(place, shape):
        return_to = _back_to(place, exercise)
    part = counts[exercise] - 1
    return Place(place.pace, exercise, part, skipped=skipped, return_to=return_to)


def at_first(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> bool:
    """Whether the place is the very start of the routine (nothing before it)."""
    return (
        not is_finished(place, shape)
        and place.part == 0
        and place.exercise == first_available(place, shape, left_out)
    )


def go_to(
    place: Place,
    exercise: int,
    shape: Shape,
    started: bool = True,
    left_out: tuple[int, ...] = (),
) -> Place:
    """The first part of the chosen exercise (0-based). Forward, those jumped over count as
    skipped (the current one as done, if `started`). Back, the runner redoes that one and
    then returns to where they were; a skipped one comes back in. Left out stays left out."""
    if not 0 <= exercise < len(shape[place.pace]):
        raise IndexError(exercise)
    skipped = set(place.skipped) | set(left_out)
    return_to = None
    if exercise > place.exercise or not started:
        first_jumped = place.exercise + 1 if started else place.exercise
        skipped |= set(range(first_jumped, exercise))
    elif exercise < place.exercise:
        return_to = _back_to(place, exercise)
    skipped.discard(exercise)
    return Place(
        pace=place.pace, exercise=exercise, skipped=tuple(sorted(skipped)), return_to=return_to
    )


def change_pace(place: Place, pace: str, shape: Shape) -> Place:
    """Same exercise at another pace, from its first part (parts differ between paces)."""
    if pace not in shape:
        raise KeyError(pace)
    if is_finished(place, shape):
        return Place(pace=pace, exercise=len(shape[pace]), skipped=place.skipped)
    return Place(
        pace=pace,
        exercise=place.exercise,
        skipped=place.skipped,
        intro=place.intro,
        return_to=place.return_to,
    )


def leave_out(place: Place, exercises: tuple[int, ...]) -> Place:
    """The same place, with these exercises marked as not done."""
    return replace(place, skipped=tuple(sorted(set(place.skipped) | set(exercises))))


def bring_back(place: Place, exercises: tuple[int, ...]) -> Place:
    """Exercises still ahead come back in; what is behind stays as it was."""
    skipped = tuple(s for s in place.skipped if not (s in exercises and s > place.exercise))
    return replace(place, skipped=skipped)


def done_and_skipped(place: Place, count: int) -> tuple[list[int], list[int]]:
    """Exercises done and skipped once the routine is finished."""
    skipped = [i for i in range(count) if i in place.skipped]
    return [i for i in range(count) if i not in place.skipped], skipped


def ahead(place: Place, shape: Shape, left_out: tuple[int, ...] = ()) -> list[int]:
    """Exercises still to do, the current one included, in order."""
    avoid = set(place.skipped) | set(left_out)
    counts = shape[place.pace]
    later = range(_after(place) + 1, len(counts))
    return [i for i in [place.exercise, *later] if i not in avoid and i < len(counts)]
