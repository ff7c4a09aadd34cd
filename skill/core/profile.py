"""What the skill remembers about a runner, and the rules over it: resume offers and history.

Pure: plain data in and out, no database and no Alexa. The store keeps `State.to_dict()`; the
stored record is the one truth of where the runner is, whichever mode or device asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from skill.core.place import Place, Shape, is_finished

# A place left mid-way is offered back for this long; after that a fresh start is kinder.
RESUME_WINDOW = timedelta(hours=4)
# History older than this says nothing about streaks or this week: keep the record small.
HISTORY_DAYS = 400
GUIDED, HANDS_FREE = "guided", "hands_free"
MODES = (GUIDED, HANDS_FREE)
# The questions the skill asks and waits for an answer to.
QUESTIONS = (
    "resume",  # continue or start over?
    "forget",  # delete everything?
    "which_exercise",
    "which_pace",
    "which_item_out",  # which piece of equipment is missing?
    "which_item_back",
)


@dataclass(frozen=True)
class Finished:
    """One completed warm-up."""

    day: date  # in the runner's time zone when the device told us it
    pace: str
    done: tuple[str, ...]
    skipped: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "pace": self.pace,
            "done": list(self.done),
            "skipped": list(self.skipped),
        }


@dataclass(frozen=True)
class Pending:
    """A question waiting for its answer, valid only in the session that asked it."""

    question: str
    session: str


@dataclass(frozen=True)
class State:
    """Everything known about one runner: place, mode, open question, preferences, history."""

    place: Place | None = None
    saved_at: datetime | None = None  # when the place last changed (UTC)
    mode: str = GUIDED
    paused: bool = False  # hands free: the runner paused the stream on purpose
    pending: Pending | None = None
    pace: str | None = None  # the pace last chosen
    left_out: tuple[str, ...] = ()  # equipment ids the runner does not have
    time_zone: str | None = None
    history: tuple[Finished, ...] = field(default_factory=tuple)
    told_no_stream: bool = False  # explained once that a device cannot play hands free

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.place.to_dict() if self.place else None,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "mode": self.mode,
            "paused": self.paused,
            "pending": (
                {"question": self.pending.question, "session": self.pending.session}
                if self.pending
                else None
            ),
            "pace": self.pace,
            "left_out": list(self.left_out),
            "time_zone": self.time_zone,
            "history": [h.to_dict() for h in self.history],
            "told_no_stream": self.told_no_stream,
        }

    @classmethod
    def from_dict(cls, data: Any, shape: Shape) -> State:
        """Read back what was stored; anything unreadable is dropped, never fatal.

        Records written before modes existed (`hands_free`, a top-level `offset_ms`) still read.
        """
        if not isinstance(data, dict):
            return cls()
        raw_place = data.get("position")
        if isinstance(raw_place, dict) and "offset_ms" not in raw_place:
            raw_place = {**raw_place, "offset_ms": data.get("offset_ms", 0)}
        place = Place.from_dict(raw_place, shape)
        saved_at = _datetime(data.get("saved_at"))
        mode = data.get("mode")
        if mode not in MODES:
            mode = HANDS_FREE if data.get("hands_free") is True else GUIDED
        left_out = data.get("left_out")
        return cls(
            place=place if saved_at else None,
            saved_at=saved_at if place else None,
            mode=mode,
            paused=data.get("paused") is True,
            pending=_pending(data.get("pending")),
            pace=data.get("pace") if data.get("pace") in shape else None,
            left_out=(
                tuple(x for x in left_out if isinstance(x, str))
                if isinstance(left_out, list)
                else ()
            ),
            time_zone=data.get("time_zone") if isinstance(data.get("time_zone"), str) else None,
            history=tuple(h for h in map(_finished, data.get("history") or []) if h),
            told_no_stream=data.get("told_no_stream") is True,
        )


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _pending(value: Any) -> Pending | None:
    if not isinstance(value, dict):
        return None
    question, session = value.get("question"), value.get("session")
    if question not in QUESTIONS or not isinstance(session, str):
        return None
    return Pending(question, session)


def _finished(item: Any) -> Finished | None:
    if not isinstance(item, dict):
        return None
    try:
        day = date.fromisoformat(item["day"])
    except (KeyError, TypeError, ValueError):
        return None
    done, skipped = item.get("done"), item.get("skipped")
    if not isinstance(done, list) or not isinstance(skipped, list):
        return None
    return Finished(
        day=day,
        pace=str(item.get("pace", "standard")),
        done=tuple(str(x) for x in done),
        skipped=tuple(str(x) for x in skipped),
    )


def keep_place(state: State, place: Place | None, now: datetime) -> State:
    """The runner's place (and how far into its audio they got) as of now."""
    if place is None:
        return replace(state, place=None, saved_at=None)
    if place == state.place:
        return state
    return replace(state, place=place, saved_at=now)


def unfinished(state: State, shape: Shape) -> Place | None:
    """The stored place, if the runner left the routine part-way."""
    place = state.place
    if place is None or is_finished(place, shape):
        return None
    return place


def resumable(state: State, shape: Shape, now: datetime) -> Place | None:
    """The place to offer back on launch, if one was left recently and not finished."""
    place = unfinished(state, shape)
    if place is None or state.saved_at is None or now - state.saved_at > RESUME_WINDOW:
        return None
    nothing_before = all(i in place.skipped for i in range(place.exercise))
    if nothing_before and place.part == 0 and place.offset_ms == 0:
        return None  # nothing done yet: just start
    return place


def lapsed(state: State, shape: Shape, now: datetime) -> bool:
    """A place was left mid-way but too long ago to offer back."""
    place = unfinished(state, shape)
    return place is not None and state.saved_at is not None and now - state.saved_at > RESUME_WINDOW


def record_finish(
    state: State, pace: str, done: list[str], skipped: list[str], today: date
) -> State:
    """Add a finished warm-up to the history and drop what is too old to matter."""
    entry = Finished(day=today, pace=pace, done=tuple(done), skipped=tuple(skipped))
    cutoff = today - timedelta(days=HISTORY_DAYS)
    history = tuple(h for h in state.history if h.day >= cutoff) + (entry,)
    return replace(state, history=history)


def streak(history: tuple[Finished, ...], today: date) -> int:
    """Days in a row with a warm-up, ending today (or yesterday, if none yet today)."""
    days = {h.day for h in history}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def this_week(history: tuple[Finished, ...], today: date) -> int:
    """Warm-ups finished since Monday."""
    monday = today - timedelta(days=today.weekday())
    return sum(1 for h in history if monday <= h.day <= today)
