"""The warm-up routine as data: loaded from one TOML file and checked field by field."""

from __future__ import annotations

from dataclasses import dataclass

PACES = ("standard", "quick")
SIDES = ("left", "right", "both")


class RoutineError(ValueError):
    """The routine file has a mistake; the message names the file, exercise and field."""


# French puts an article before a name, and "à" and "de" merge with it: "au pied court",
# "des sauts pogo". A prompt asks for a form with a format spec: "{name:au}".
ARTICLES = ("", "le", "la", "l'", "les")
FORMS = {
    "le": {"le": "le ", "au": "au ", "du": "du "},
    "la": {"le": "la ", "au": "à la ", "du": "de la "},
    "l'": {"le": "l'", "au": "à l'", "du": "de l'"},
    "les": {"le": "les ", "au": "aux ", "du": "des "},
}
FORM_NAMES = ("le", "au", "du")


class Name(str):
    """An exercise's name, which a prompt may ask for with its article ("{name:au}" reads "au
    pied court"); a name without one (English) reads the same whatever form is asked."""

    article: str

    def __new__(cls, text: str, article: str = "") -> Name:
        name = super().__new__(cls, text)
        name.article = article
        return name

    def __format__(self, spec: str) -> str:
        if spec and spec not in FORM_NAMES:
            raise ValueError(f"unknown name form {spec!r} (use one of {', '.join(FORM_NAMES)})")
        forms = FORMS.get(self.article)
        return f"{forms[spec]}{self}" if spec and forms else str(self)


class Names(str):
    """Names said as a list ("a, b and c"): a form asked of the list applies to each name."""

    items: tuple[str, ...]
    joiner: str

    def __new__(cls, items: list[str], joiner: str) -> Names:
        names = super().__new__(cls, _joined([str(i) for i in items], joiner))
        names.items, names.joiner = tuple(items), joiner
        return names

    def __format__(self, spec: str) -> str:
        return _joined([format(item, spec) for item in self.items], self.joiner)


def _joined(texts: list[str], joiner: str) -> str:
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + f" {joiner} " + texts[-1]


@dataclass(frozen=True)
class Dose:
    """How much of one exercise a pace asks for."""

    reps: int
    work_ms: int
    rest_ms: int
    beats: int = 0


@dataclass(frozen=True)
class LateCue:
    """A cue spoken a fixed time before the end of each rep (e.g. eyes closed)."""

    at_remaining_ms: int
    text: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: what to say about it and how it is timed."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    equipment: tuple[str, ...]
    purpose: str
    intro: str
    how_to: str
    sides: tuple[str, ...]
    work_cues: tuple[str, ...]
    rest_cue: str | None
    late_cue: LateCue | None
    beat_per_s: float | None
    doses: dict[str, Dose]


@dataclass(frozen=True)
class Timing:
    """Seconds the audio leaves for getting set, changing feet and finishing."""

    lead_in_ms: int
    switch_ms: int
    end_ms: int


@dataclass(frozen=True)
class Sound:
    """The ticks, pips and tones between the words, as the coach set them."""

    tick_every_ms: int  # 0: no ticking
    countdown_pips: int
    signals: bool


@dataclass(frozen=True)
class Cues:
    """Words the timed audio uses for every exercise."""

    countdown: tuple[str, ...]
    ten_seconds: str
    halfway: str
    part_done: str
    exercise_done: str
    side_start: dict[str, str]
    switch: dict[str, str]


@dataclass(frozen=True)
class Labels:
    """How parts are named: "left foot", "left foot, part 2", "left foot then right foot"."""

    sides: dict[str, str]
    part: str
    then: str

    def side(self, side: str) -> str:
        return self.sides[side]

    def numbered(self, side: str, number: int) -> str:
        return self.part.format(side=self.sides[side], number=number)

    def joined(self, first: str, second: str) -> str:
        return self.then.format(first=first, second=second)


@dataclass(frozen=True)
class Routine:
    """The whole routine, as the coach wrote it."""

    title: str
    credit: str
    pace_names: dict[str, str]
    equipment: dict[str, str]  # id -> spoken name
    needed: dict[str, str]  # id -> how "what do I need" names it ("a lacrosse ball")
    labels: Labels
    timing: Timing
    sound: Sound
    cues: Cues
    exercises: tuple[Exercise, ...]
    version: str  # hash of the file's bytes: changes whenever the coach edits it

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def needing(self, equipment_ids: tuple[str, ...] | list[str]) -> tuple[int, ...]:
        """Indexes of the exercises that need any of this equipment."""
        wanted = set(equipment_ids)
        return tuple(i for i, e in enumerate(self.exercises) if wanted & set(e.equipment))

    def index_of(self, exercise_id: str) -> int:
        """Position (0-based) of the exercise with this id."""
        return [e.id for e in self.exercises].index(exercise_id)
