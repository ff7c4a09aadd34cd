"""Routine + pace -> timed parts: what the audio says or clicks, and when. No audio, no Alexa."""

from __future__ import annotations

from dataclasses import dataclass, field

from skill.core.routine import Dose, Exercise, Routine, Timing

# One speech response may carry at most 240 s of audio; keep a margin for encoder padding.
MAX_PART_MS = 238_000
# Hops start one beat pair after "go", so the cue never collides with the first click.
BEAT_LEAD_BEATS = 2
CLICK_MS = 30


@dataclass(frozen=True)
class Cue:
    """Words spoken at a fixed time; they must end before slot_ms runs out."""

    at_ms: int
    slot_ms: int
    text: str


@dataclass(frozen=True)
class Part:
    """One audio file's worth of an exercise."""

    exercise_id: str
    index: int
    side: str  # left, right or both: where the part starts
    label: str  # spoken and shown: "left foot", "both feet", "left foot, part 2"
    duration_ms: int
    cues: tuple[Cue, ...]
    clicks: tuple[int, ...] = ()
    sides: tuple[tuple[int, str], ...] = ()  # (from ms, side): which foot is working when


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


@dataclass
class _Draft:
    """A part being laid out: events are (time, text) and clicks; slots are filled in at the end."""

    side: str
    label: str
    events: list[tuple[int, str]] = field(default_factory=list)
    clicks: list[int] = field(default_factory=list)
    sides: list[tuple[int, str]] = field(default_factory=list)
    t: int = 0


def build_timeline(routine: Routine, pace: str) -> Timeline:
    """Lay out every exercise of the routine at this pace."""
    return Timeline(
        pace=pace,
        exercises=tuple(_exercise_timeline(routine, ex, pace) for ex in routine.exercises),
    )


def work_ms(exercise: Exercise, dose: Dose) -> int:
    """How long one rep lasts: the dose's hold, or the beats at the exercise's tempo."""
    if dose.beats:
        assert exercise.beat_per_s is not None
        return round((dose.beats + BEAT_LEAD_BEATS) * 1000 / exercise.beat_per_s)
    return dose.work_ms


def _rep_events(routine: Routine, exercise: Exercise, dose: Dose, rep: int) -> _Draft:
    """One rep (and the rest after it, if any) as a draft starting at 0."""
    draft = _Draft(side="", label="")
    length = work_ms(exercise, dose)
    draft.events.append((0, exercise.work_cues[rep % len(exercise.work_cues)]))
    if dose.beats:
        assert exercise.beat_per_s is not None
        beat = 1000 / exercise.beat_per_s
        draft.clicks.extend(round((BEAT_LEAD_BEATS + k) * beat) for k in range(dose.beats))
    else:
        _hold_markers(routine, exercise, draft, 0, length)
    draft.t = length
    return draft


def _hold_markers(routine: Routine, exercise: Exercise, draft: _Draft, start: int, length: int):
    """Halfway, ten-seconds, late cue and countdown inside a hold of this length."""
    cues = routine.cues
    end = start + length
    marks: dict[int, str] = {}
    countdown = cues.countdown
    if length >= 2000 * len(countdown):
        for n, word in enumerate(countdown):
            marks[end - (len(countdown) - n) * 1000] = word
    if length >= 20_000:
        marks[end - 10_000] = cues.ten_seconds
    if length >= 40_000:
        marks[start + length // 2] = cues.halfway
    if exercise.late_cue and exercise.late_cue.at_remaining_ms < length:
        marks[end - exercise.late_cue.at_remaining_ms] = exercise.late_cue.text
    draft.events.extend(sorted(marks.items()))


def _side_reps(routine: Routine, exercise: Exercise, dose: Dose) -> list[tuple[int, _Draft]]:
    """Each rep of one side with its following rest, as (rep number, draft)."""
    reps = []
    for rep in range(dose.reps):
        draft = _rep_events(routine, exercise, dose, rep)
        if rep < dose.reps - 1 and dose.rest_ms:
            rest_start = draft.t
            draft.events.append((rest_start, exercise.rest_cue or routine.cues.part_done))
            if dose.rest_ms >= 15_000:
                draft.events.append((rest_start + dose.rest_ms - 10_000, routine.cues.ten_seconds))
            if dose.rest_ms >= 10_000:
                n = len(routine.cues.countdown)
                for k, word in enumerate(routine.cues.countdown):
                    draft.events.append((rest_start + dose.rest_ms - (n - k) * 1000, word))
            draft.t += dose.rest_ms
        reps.append((rep, draft))
    return reps


def _append(target: _Draft, piece: _Draft) -> None:
    target.events.extend((target.t + at, text) for at, text in piece.events)
    target.clicks.extend(target.t + at for at in piece.clicks)
    target.t += piece.t


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
    side_chunks: list[tuple[str, list[_Draft]]] = []
    for side in exercise.sides:
        reps = [d for _, d in _side_reps(routine, exercise, dose)]
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

    drafts: list[_Draft] = []
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
            current = _Draft(side=side, label=label, sides=[(0, side)])
            current.events.append((0, routine.cues.side_start[side]))
            current.t = timing.lead_in_ms
            drafts.append(current)
        for rep in chunk:
            _append(current, rep)

    parts = []
    for index, draft in enumerate(drafts):
        last = index == len(drafts) - 1
        draft.events.append(
            (draft.t, routine.cues.exercise_done if last else routine.cues.part_done)
        )
        draft.t += timing.end_ms
        if one_part and len(side_chunks) > 1:
            names = [labels.side(s) for s, _ in side_chunks]
            draft.label = names[0]
            for name in names[1:]:
                draft.label = labels.joined(draft.label, name)
        parts.append(_finish(exercise.id, index, draft))
    return ExerciseTimeline(exercise_id=exercise.id, parts=tuple(parts))


def _longest_chunk(reps: list[_Draft], chunks: int, timing: Timing) -> int:
    size = -(-len(reps) // chunks)
    return max(
        timing.lead_in_ms + sum(d.t for d in reps[c * size : (c + 1) * size]) + timing.end_ms
        for c in range(chunks)
    )


def _finish(exercise_id: str, index: int, draft: _Draft) -> Part:
    """Fill in each cue's slot: the time until the next cue, click or the end of the part."""
    events = sorted(draft.events)
    boundaries = sorted({at for at, _ in events} | set(draft.clicks) | {draft.t})
    cues = []
    for at, text in events:
        following = next(b for b in boundaries if b > at)
        cues.append(Cue(at_ms=at, slot_ms=following - at, text=text))
    return Part(
        exercise_id=exercise_id,
        index=index,
        side=draft.side,
        label=draft.label,
        duration_ms=draft.t,
        cues=tuple(cues),
        clicks=tuple(sorted(draft.clicks)),
        sides=tuple(draft.sides),
    )
