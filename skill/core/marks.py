"""What marks the time inside one exercise: each rep's words, the halfway and ten-seconds
calls, the countdown and its pips, the go and stop tones, the hop clicks and the soft ticks.

The timeline (timeline.py) cuts an exercise into parts; this lays out what happens in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skill.core.routine import Dose, Exercise, Routine

# Hops start one beat pair after "go", so the cue never collides with the first click.
BEAT_LEAD_BEATS = 2
ACCENT_HOPS = 5  # the last hops of a set sound brighter: nearly there
LEAD_MS = 250  # a breath of silence before a part's first word
SIGNAL_MS = 350  # the go and stop tones, which end as a hold starts or ends
PIP_MS = 150  # a countdown pip, just before its number
SIGNAL_MIN_MS = 4_000  # holds shorter than this (toe yoga's switches) get no tones
PIP_MIN_MS = 10_000  # holds and rests shorter than this get no countdown pips
TICK_CLEARANCE_MS = 400  # no tick this close to another sound
SOUNDS = ("tick", "pip", "go", "stop", "hop", "hop_accent")


@dataclass
class Draft:
    """A part being laid out: words and sounds by time; slots are filled in at the end."""

    side: str
    label: str
    events: list[tuple[int, str]] = field(default_factory=list)
    sounds: list[tuple[int, str]] = field(default_factory=list)
    sides: list[tuple[int, str]] = field(default_factory=list)
    quiet: list[tuple[int, int]] = field(default_factory=list)  # spans with no ticks
    t: int = 0


def work_ms(exercise: Exercise, dose: Dose) -> int:
    """How long one rep lasts: the dose's hold, or the beats at the exercise's tempo."""
    if dose.beats:
        assert exercise.beat_per_s is not None
        return round((dose.beats + BEAT_LEAD_BEATS) * 1000 / exercise.beat_per_s)
    return dose.work_ms


def rep_events(routine: Routine, exercise: Exercise, dose: Dose, rep: int) -> Draft:
    """One rep (and the rest after it, if any) as a draft starting at 0."""
    draft = Draft(side="", label="")
    length = work_ms(exercise, dose)
    draft.events.append((0, exercise.work_cues[rep % len(exercise.work_cues)]))
    if dose.beats:
        assert exercise.beat_per_s is not None
        beat = 1000 / exercise.beat_per_s
        for k in range(dose.beats):
            kind = "hop_accent" if k >= dose.beats - ACCENT_HOPS else "hop"
            draft.sounds.append((round((BEAT_LEAD_BEATS + k) * beat), kind))
        draft.quiet.append((0, length))  # the clicks are the beat: no ticks under them
    else:
        if routine.sound.signals and length >= SIGNAL_MIN_MS:
            draft.sounds.append((-SIGNAL_MS, "go"))
            draft.sounds.append((length - SIGNAL_MS, "stop"))
        hold_markers(routine, exercise, draft, 0, length)
    draft.t = length
    return draft


def countdown(routine: Routine, draft: Draft, end: int, length: int) -> dict[int, str]:
    """Pips on the last seconds before `end`, and the numbers spoken after them."""
    countdown = routine.cues.countdown
    marks: dict[int, str] = {}
    if length >= 2000 * len(countdown):
        for n, word in enumerate(countdown):
            marks[end - (len(countdown) - n) * 1000] = word
    if length >= PIP_MIN_MS:
        for k in range(1, routine.sound.countdown_pips + 1):
            draft.sounds.append((end - k * 1000 - PIP_MS, "pip"))
    return marks


def hold_markers(routine: Routine, exercise: Exercise, draft: Draft, start: int, length: int):
    """Halfway, ten-seconds, late cue, countdown and its pips inside a hold of this length."""
    cues = routine.cues
    end = start + length
    marks = countdown(routine, draft, end, length)
    if length >= 20_000:
        marks[end - 10_000] = cues.ten_seconds
    if length >= 40_000:
        marks[start + length // 2] = cues.halfway
    if exercise.late_cue and exercise.late_cue.at_remaining_ms < length:
        marks[end - exercise.late_cue.at_remaining_ms] = exercise.late_cue.text
    draft.events.extend(sorted(marks.items()))


def side_reps(routine: Routine, exercise: Exercise, dose: Dose) -> list[tuple[int, Draft]]:
    """Each rep of one side with its following rest, as (rep number, draft)."""
    reps = []
    for rep in range(dose.reps):
        draft = rep_events(routine, exercise, dose, rep)
        if rep < dose.reps - 1 and dose.rest_ms:
            rest_start = draft.t
            draft.events.append((rest_start, exercise.rest_cue or routine.cues.part_done))
            rest_end = rest_start + dose.rest_ms
            if dose.rest_ms >= 15_000:
                draft.events.append((rest_end - 10_000, routine.cues.ten_seconds))
            if dose.rest_ms >= 10_000:
                draft.events.extend(countdown(routine, draft, rest_end, dose.rest_ms).items())
            draft.t += dose.rest_ms
        reps.append((rep, draft))
    return reps


def append(target: Draft, piece: Draft) -> None:
    """Add a rep's draft at the end of a part's draft."""
    target.events.extend((target.t + at, text) for at, text in piece.events)
    target.sounds.extend((target.t + at, kind) for at, kind in piece.sounds)
    target.quiet.extend((target.t + a, target.t + b) for a, b in piece.quiet)
    target.t += piece.t


def ticks(draft: Draft, every_ms: int) -> list[tuple[int, str]]:
    """A soft tick every `every_ms` from the first word on, clear of other sounds and of the
    quiet spans (hop sets, the end of the part)."""
    if not every_ms:
        return []
    taken = [at for at, _ in draft.sounds]
    ticks = []
    for at in range(LEAD_MS + every_ms, draft.t, every_ms):
        if any(a <= at < b for a, b in draft.quiet):
            continue
        if any(abs(at - other) < TICK_CLEARANCE_MS for other in taken):
            continue
        ticks.append((at, "tick"))
    return ticks
