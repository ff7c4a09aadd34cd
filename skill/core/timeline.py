"""Routine + pace -> timed parts: what the audio says, ticks, pips or clicks, and when.

Words sit at their planned times; a tone that announces one (the rising "go" before a hold, a
countdown pip before "three") goes just before it, so no word ever moves for a sound.
"""

from __future__ import annotations

from dataclasses import dataclass

from skill.core.marks import LEAD_MS, Draft, append, side_reps, ticks, work_ms
from skill.core.routine import Exercise, Routine, Timing

# One speech response may carry at most 240 s of audio; keep a margin for encoder padding.
MAX_PART_MS = 238_000


@dataclass(frozen=True)
class Cue:
    """Words spoken at a fixed time; they must end before slot_ms runs out."""

    at_ms: int
    slot_ms: int
    text: str


@dataclass(frozen=True)
class Sound:
    """A tick, pip, tone or hop click at a fixed time."""

    at_ms: int
    kind: str


@dataclass(frozen=True)
class Part:
    """One audio file's worth of an exercise."""

    exercise_id: str
    index: int
    side: str  # left, right or both: where the part starts
    label: str  # spoken and shown: "left foot", "both feet", "left foot, part 2"
    duration_ms: int
    cues: tuple[Cue, ...]
    sounds: tuple[Sound, ...] = ()
    sides: tuple[tuple[int, str], ...] = ()  # (from ms, side): which foot is working when

    @property
    def clicks(self) -> tuple[int, ...]:
        """When each hop is clicked."""
        return tuple(s.at_ms for s in self.sounds if s.kind.startswith("hop"))


@dataclass(frozen=True)
class ExerciseTimeline:
    """All the parts of one exercise, in order."""

    exercise_id: str
    parts: tuple[Part, ...]

    @property
    def duration_ms(self) -> int:
        return sum(p.duration_ms for p in self.parts)


@dataclass(frozen=True)
class Timeline:
    """The whole routine at one pace."""

    pace: str
    exercises: tuple[ExerciseTimeline, ...]

    @property
    def duration_ms(self) -> int:
        return sum(e.duration_ms for e in self.exercises)


class TimelineError(ValueError):
    """The routine cannot be laid out in time (e.g. one rep is longer than a part may be)."""


def build_timeline(routine: Routine, pace: str) -> Timeline:
    """Lay out every exercise of the routine at this pace."""
    return Timeline(
        pace=pace,
        exercises=tuple(_exercise_timeline(routine, ex, pace) for ex in routine.exercises),
    )


def _exercise_timeline(routine: Routine, exercise: Exercise, pace: str) -> ExerciseTimeline:
    dose = exercise.doses[pace]
    timing = routine.timing
    one_rep = work_ms(exercise, dose) + dose.rest_ms
    if timing.lead_in_ms + one_rep + timing.end_ms > MAX_PART_MS:
        raise TimelineError(
            f"exercise '{exercise.id}' ({pace}): one rep lasts {one_rep / 1000:g} s, "
            f"more than one audio part may hold ({MAX_PART_MS // 1000} s)"
        )

    # Each side is a run of reps; a side too long for one part is cut into even chunks.
    side_chunks: list[tuple[str, list[Draft]]] = []
    for side in exercise.sides:
        reps = [d for _, d in side_reps(routine, exercise, dose)]
        side_ms = timing.lead_in_ms + sum(d.t for d in reps) + timing.end_ms
        chunks = 1
        while side_ms / chunks > MAX_PART_MS or _longest_chunk(reps, chunks, timing) > MAX_PART_MS:
            chunks += 1
        size = -(-len(reps) // chunks)
        for c in range(chunks):
            side_chunks.append((side, reps[c * size : (c + 1) * size]))

    whole_ms = (
        sum(sum(d.t for d in chunk) for _, chunk in side_chunks)
        + timing.lead_in_ms
        + timing.switch_ms * (len(side_chunks) - 1)
        + timing.end_ms
    )
    one_part = len(side_chunks) == 1 or (
        whole_ms <= MAX_PART_MS and len({side for side, _ in side_chunks}) == len(side_chunks)
    )

    drafts: list[Draft] = []
    chunk_number: dict[str, int] = {}
    labels = routine.labels
    for side, chunk in side_chunks:
        chunk_number[side] = chunk_number.get(side, 0) + 1
        if one_part and drafts:
            current = drafts[-1]
            current.events.append((current.t, routine.cues.switch[side]))
            current.sides.append((current.t, side))
            current.t += timing.switch_ms
        else:
            label = labels.side(side)
            if sum(1 for s, _ in side_chunks if s == side) > 1:
                label = labels.numbered(side, chunk_number[side])
            current = Draft(side=side, label=label, sides=[(0, side)])
            current.events.append((LEAD_MS, routine.cues.side_start[side]))
            current.t = timing.lead_in_ms
            drafts.append(current)
        for rep in chunk:
            append(current, rep)

    parts = []
    for index, draft in enumerate(drafts):
        last = index == len(drafts) - 1
        draft.events.append(
            (draft.t, routine.cues.exercise_done if last else routine.cues.part_done)
        )
        draft.quiet.append((draft.t, draft.t + timing.end_ms))  # done: no more ticking
        draft.t += timing.end_ms
        if one_part and len(side_chunks) > 1:
            names = [labels.side(s) for s, _ in side_chunks]
            draft.label = names[0]
            for name in names[1:]:
                draft.label = labels.joined(draft.label, name)
        parts.append(_finish(exercise.id, index, draft, routine.sound.tick_every_ms))
    return ExerciseTimeline(exercise_id=exercise.id, parts=tuple(parts))


def _longest_chunk(reps: list[Draft], chunks: int, timing: Timing) -> int:
    size, outer = -(-len(reps) // chunks), timing.lead_in_ms + timing.end_ms
    return max(outer + sum(d.t for d in reps[c * size : (c + 1) * size]) for c in range(chunks))


def _finish(exercise_id: str, index: int, draft: Draft, tick_every_ms: int) -> Part:
    """Fill in each cue's slot: the time until the next cue, the next sound other than a tick
    (ticks may run under words), or the end of the part."""
    events = sorted(draft.events)
    sounds = sorted(
        [(at, kind) for at, kind in draft.sounds if 0 <= at < draft.t] + ticks(draft, tick_every_ms)
    )
    loud = {at for at, kind in sounds if kind != "tick"}
    boundaries = sorted({at for at, _ in events} | loud | {draft.t})
    cues = [
        Cue(at_ms=at, slot_ms=next(b for b in boundaries if b > at) - at, text=text)
        for at, text in events
    ]
    return Part(
        exercise_id=exercise_id,
        index=index,
        side=draft.side,
        label=draft.label,
        duration_ms=draft.t,
        cues=tuple(cues),
        sounds=tuple(Sound(at, kind) for at, kind in sounds),
        sides=tuple(draft.sides),
    )
