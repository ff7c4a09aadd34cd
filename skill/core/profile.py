"""What the skill remembers about a runner between sessions: place, preferences, history.

Pure: plain data in and out, no database and no Alexa. The store keeps `Profile.to_dict()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from skill.core.place import Position, Shape

# A place left mid-way is offered back for this long; after that a fresh start is kinder.
RESUME_WINDOW = timedelta(hours=4)
# History older than this says nothing about streaks or this week: keep the record small.
HISTORY_DAYS = 400


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
class Profile:
    """Everything remembered about one runner."""

    position: Position | None = None
    saved_at: datetime | None = None  # when the position was last saved (UTC)
    pace: str | None = None
    left_out: tuple[str, ...] = ()  # equipment ids the runner does not have
    time_zone: str | None = None
    history: tuple[Finished, ...] = field(default_factory=tuple)
    hands_free: bool = False  # plays the routine straight through (AudioPlayer) when launched
    offset_ms: int = 0  # how far into the current part playback had got (hands-free only)

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position.to_dict() if self.position else None,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "pace": self.pace,
            "left_out": list(self.left_out),
            "time_zone": self.time_zone,
            "history": [h.to_dict() for h in self.history],
            "hands_free": self.hands_free,
            "offset_ms": self.offset_ms,
        }

    @classmethod
    def from_dict(cls, data: Any, shape: Shape) -> Profile:
        """Read back what was stored; anything unreadable is dropped, never fatal."""
        if not isinstance(data, dict):
            return cls()
        position = Position.from_dict(data.get("position"), shape)
        saved_at = _datetime(data.get("saved_at"))
        pace = data.get("pace") if data.get("pace") in shape else None
        left_out = data.get("left_out")
        left_out = (
            tuple(x for x in left_out if isinstance(x, str)) if isinstance(left_out, list) else ()
        )
        zone = data.get("time_zone") if isinstance(data.get("time_zone"), str) else None
        history = []
        for item in data.get("history") or []:
            finished = _finished(item)
            if finished is not None:
                history.append(finished)
        offset = data.get("offset_ms")
        offset = offset if isinstance(offset, int) and not isinstance(offset, bool) else 0
        return cls(
            hands_free=data.get("hands_free") is True,
            offset_ms=max(offset, 0) if position else 0,
            position=position if saved_at else None,
            saved_at=saved_at if position else None,
            pace=pace,
            left_out=left_out,
            time_zone=zone,
            history=tuple(history),
        )


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


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


def remember_position(
    profile: Profile, position: Position, now: datetime, offset_ms: int = 0
) -> Profile:
    """Keep the runner's place (and how far into its audio they got) as of now."""
    return replace(profile, position=position, saved_at=now, offset_ms=max(offset_ms, 0))


def forget_position(profile: Profile) -> Profile:
    """No place to offer back (finished, or started over)."""
    return replace(profile, position=None, saved_at=None, offset_ms=0)


def resumable(profile: Profile, shape: Shape, now: datetime) -> Position | None:
    """The place to offer back on launch, if one was left recently and not finished."""
    position, saved_at = profile.position, profile.saved_at
    if position is None or saved_at is None:
        return None
    if position.exercise >= len(shape[position.pace]):
        return None
    if now - saved_at > RESUME_WINDOW:
        return None
    if position.exercise == 0 and position.part == 0 and not position.skipped:
        return None  # nothing done yet: just start
    return position


def lapsed(profile: Profile, shape: Shape, now: datetime) -> bool:
    """A place was left mid-way but too long ago to offer back."""
    position, saved_at = profile.position, profile.saved_at
    if position is None or saved_at is None:
        return False
    return position.exercise < len(shape[position.pace]) and now - saved_at > RESUME_WINDOW


def record_finish(
    profile: Profile, pace: str, done: list[str], skipped: list[str], today: date
) -> Profile:
    """Add a finished warm-up to the history and drop what is too old to matter."""
    entry = Finished(day=today, pace=pace, done=tuple(done), skipped=tuple(skipped))
    cutoff = today - timedelta(days=HISTORY_DAYS)
    history = tuple(h for h in profile.history if h.day >= cutoff) + (entry,)
    return replace(profile, history=history, position=None, saved_at=None, offset_ms=0)


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
