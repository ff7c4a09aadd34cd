"""What reaches the coach (an action and the facts of the moment) and what it answers with.

Every input, whatever its source (a spoken intent, a device button, a screen button, a playback
event), arrives as one Action. The answer is an Outcome: the new state and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from skill.core.place import Place
from skill.core.profile import State

# Moves through the routine.
MOVES = (
    "launch",
    "start",
    "next",
    "skip",
    "previous",
    "repeat",
    "start_over",
    "go_to",
    "pace",
    "pause",
    "resume",
    "hands_free",
    "step_by_step",
)
# Answers to the skill's own questions.
ANSWERS = ("yes", "no", "answer")
# Questions and requests that leave the place where it is.
QUESTIONS = (
    "where",
    "whats_next",
    "why",
    "time_left",
    "how_long",
    "which_foot",
    "what_i_need",
    "how_to",
    "about",
    "help",
    "week",
    "leave_out",
    "bring_back",
    "forget",
    "hurts",
    "thanks",
    "in_order_only",
    "fallback",
    "cancel",
    "end",
    "stop",
)
# Reports from the device's audio player, and housekeeping.
EVENTS = (
    "playback_started",
    "playback_stopped",
    "playback_nearly_finished",
    "playback_finished",
    "playback_failed",
    "skill_disabled",
    "ignore",
)
ACTION_NAMES = MOVES + ANSWERS + QUESTIONS + EVENTS
PART, INTRO, SEND_OFF = "part", "intro", "send_off"


@dataclass(frozen=True)
class Clip:
    """One audio file: a part or an exercise's spoken intro at a place, or a send-off."""

    kind: str
    place: Place | None = None  # offsets aside
    send_off: str = ""  # which send-off: "done-all", then "streak-3" or "week-1"


@dataclass(frozen=True)
class PlayerReport:
    """What the device says its audio player is doing."""

    clip: Clip | None
    offset_ms: int
    activity: str | None  # PLAYING, PAUSED, STOPPED, FINISHED, IDLE, BUFFER_UNDERRUN


@dataclass(frozen=True)
class Action:
    """What the runner (or their device) asked for."""

    name: str
    exercise: str | None = None  # exercise id heard, if any
    pace: str | None = None
    item: str | None = None  # equipment id heard
    heard: bool = False  # words were said for a slot, but none we know
    clip: Clip | None = None  # playback events: the clip they are about
    offset_ms: int = 0

    def __post_init__(self) -> None:
        if self.name not in ACTION_NAMES:
            raise ValueError(f"unknown action {self.name!r}")


@dataclass(frozen=True)
class Facts:
    """The moment: when, which device, which session, and what its player reports."""

    now: datetime
    today: date
    can_stream: bool = False
    can_speak: bool = True  # playback events and buttons may carry no speech
    session: str | None = None
    new_session: bool = False
    player: PlayerReport | None = None
    time_zone: str | None = None  # the device's zone, when it was asked this time


@dataclass(frozen=True)
class Line:
    """One sentence or two from prompts.toml, by id, as the runner hears it."""

    id: str
    text: str


@dataclass(frozen=True)
class Play:
    """Hands free: start (or queue) one clip on the device's player."""

    clip: Clip
    offset_ms: int = 0
    after: Clip | None = None  # queue behind this clip instead of replacing the queue


@dataclass(frozen=True)
class Show:
    """A screen: the clips from `offset_ms` into the first, after `lead` has been spoken."""

    clips: tuple[Clip, ...]
    offset_ms: int = 0
    lead: str = ""


@dataclass(frozen=True)
class Outcome:
    """What to do: the new state, words around one clip, the player, a screen, the session."""

    state: State
    speech: tuple[Line, ...] = ()
    audio: Clip | None = None  # guided: a part played inside the speech
    after: tuple[Line, ...] = ()
    reprompt: tuple[Line, ...] = ()
    session: str | None = None  # "listen", "end", or None (requests without a session)
    play: Play | None = None
    stop_player: bool = False
    show: Show | None = None
    forget: bool = False  # delete everything stored about the runner
    recorded: bool = False  # a finished warm-up was added to the history
    notes: tuple[str, ...] = field(default_factory=tuple)  # for the log

    def words(self) -> list[Line]:
        """Every line spoken, in order (the audio sits between speech and after)."""
        return [*self.speech, *self.after]
