"""Which words to say: places in the routine in, Lines (prompt id and text) out."""

from __future__ import annotations

from skill.core.actions import Line
from skill.core.manifest import Manifest, ManifestPart
from skill.core.place import Place, is_finished, next_part
from skill.core.routine import Exercise, Name, Routine
from skill.core.words import Words

# Hands-free send-offs are built for streaks up to this; a longer one speaks the week's count.
MAX_SEND_OFF_STREAK = 31


class Replies:
    """Turns places, counts and history into the runner's words."""

    def __init__(self, routine: Routine, manifest: Manifest, words: Words) -> None:
        self.routine = routine
        self.manifest = manifest
        self.words = words
        self.shape = manifest.shape()
        self.count = len(routine.exercises)

    def line(self, prompt_id: str, **values: object) -> Line:
        return self.words.line(prompt_id, **values)

    # -- naming places ---------------------------------------------------------------------

    def exercise(self, place: Place) -> Exercise:
        return self.routine.exercises[place.exercise]

    def part(self, place: Place) -> ManifestPart:
        return self.manifest.part(place.pace, place.exercise, place.part)

    def where(self, place: Place) -> str:
        """The exercise name, with the side when the exercise has several parts (keeping the
        name's article, so French can say "au massage plantaire, pied droit")."""
        name = self.exercise(place).name
        if len(self.manifest.parts(place.pace, place.exercise)) > 1 and not place.intro:
            text = self.words.fragment("where_split", name=name, label=self.part(place).label)
            return Name(text, getattr(name, "article", ""))
        return name

    def names(self, indexes: tuple[int, ...] | list[int], joiner: str = "and") -> str:
        """Exercise names, spoken as a list."""
        return self.words.spoken_list([self.routine.exercises[i].name for i in indexes], joiner)

    def intro(self, place: Place) -> Line:
        """The exercise's one- or two-sentence how, from the routine file."""
        exercise = self.exercise(place)
        return Line(f"intro:{exercise.id}", exercise.intro)

    # -- each part -------------------------------------------------------------------------

    def opening(self, place: Place) -> list[Line]:
        """What introduces a part: the exercise and its how, or just which part."""
        exercise = self.exercise(place)
        if place.part == 0:
            return [
                self.line(
                    "exercise_start",
                    number=place.exercise + 1,
                    count=self.count,
                    name=exercise.name,
                    intro=exercise.intro,
                )
            ]
        return [self.line("part_start", name=exercise.name, label=self.part(place).label)]

    def resuming(self, place: Place) -> list[Line]:
        """Back at a place: named once, with the exercise's how when it starts from the top."""
        lines = [self.line("resuming", where=self.where(place))]
        if place.part == 0 and place.offset_ms == 0 and not place.intro:
            lines.append(self.intro(place))
        return lines

    def after(self, place: Place, left_out: tuple[int, ...]) -> tuple[list[Line], list[Line]]:
        """What follows a part's audio, and the reprompt: what next will do."""
        following = next_part(place, self.shape, left_out)
        if is_finished(following, self.shape):
            return [self.line("after_part")], [self.line("reprompt_last")]
        if following.exercise == place.exercise:
            label = self.part(following).label
            return (
                [self.line("after_part_split", label=label)],
                [self.line("reprompt_next_part", label=label)],
            )
        next_name = self.exercise(following).name
        return [self.line("after_part")], [self.line("reprompt_next", next_name=next_name)]

    # -- the finish ------------------------------------------------------------------------

    def finish(self, place: Place, tally: Line | None) -> list[Line]:
        """A short send-off with the streak; a warm-up with nothing done is not counted."""
        done = [i for i in range(self.count) if i not in place.skipped]
        if not done:
            return [self.line("finish_nothing_done"), self.line("finish_send_off")]
        if len(place.skipped) > len(done):  # say what was done, not a long list of what wasn't
            lines = [self.line("finish_partial", done=self.names(done))]
        elif place.skipped:
            lines = [self.line("finish_skipped", skipped=self.names(place.skipped))]
        else:
            lines = [self.line("finish")]
        return [*lines, *([tally] if tally else []), self.line("finish_send_off")]

    def tally(self, streak: int, week: int) -> Line:
        """ "Third day in a row", or the week's count when there is no streak to speak of."""
        return tally(self.words, streak, week)

    def send_off_key(self, streak: int, week: int) -> str:
        """Which pre-built hands-free send-off clip says this tally."""
        return send_off_key(streak, week)

    def finish_key(self, place: Place) -> str:
        """Which hands-free finish clip fits a finished place."""
        return finish_key(place, self.count)

    # -- time ------------------------------------------------------------------------------

    def minutes(self, ms: int) -> str:
        """ "a minute", "nine minutes": rounded to the nearest minute."""
        count = max(round(ms / 60_000), 1)
        if count == 1:
            return self.words("minutes_one").lower()
        return self.words("minutes_many", count=self.words.number(count)).lower()

    def side(self, side: str) -> str:
        return self.routine.labels.side(side)


def tally(words: Words, streak: int, week: int) -> Line:
    """ "Third day in a row", or the week's count when there is no streak to speak of."""
    if streak >= 2:
        ordinal = words.ordinal(streak)
        if ordinal is None:
            return words.line("streak_days_many", count=words.number(streak))
        return words.line("streak_days", ordinal=ordinal)
    if week <= 1:
        return words.line("week_count_one")
    return words.line("week_count_many", count=words.number(week))


def send_off_key(streak: int, week: int) -> str:
    """Which pre-built hands-free send-off clip says this tally (streaks past the last one
    built fall back to the week's count)."""
    if 2 <= streak <= MAX_SEND_OFF_STREAK:
        return f"streak-{streak}"
    return f"week-{min(max(week, 1), 7)}"


# A hands-free finish is two clips, like the guided one is two thoughts: how it went (one of
# these), then the tally and "have a great run" (queued once the warm-up is recorded).
FINISH_ALL, FINISH_SOME, FINISH_NOTHING = "done-all", "done-some", "done-nothing"


def finish_key(place: Place, count: int) -> str:
    """Which hands-free finish clip fits a finished place."""
    done = count - len(set(place.skipped))
    if done <= 0:
        return FINISH_NOTHING
    return FINISH_SOME if place.skipped else FINISH_ALL


def send_off_texts(words: Words) -> dict[str, str]:
    """Every hands-free send-off clip by key, for the audio build, in the guided finish's words."""
    texts = {
        FINISH_ALL: words("finish"),
        FINISH_SOME: words("finish_some_hands_free"),
        FINISH_NOTHING: " ".join([words("finish_nothing_done"), words("finish_send_off")]),
    }
    keys = [f"streak-{n}" for n in range(2, MAX_SEND_OFF_STREAK + 1)]
    keys += [f"week-{n}" for n in range(1, 8)]
    for key in keys:
        kind, _, count = key.partition("-")
        line = tally(words, int(count), 1) if kind == "streak" else tally(words, 1, int(count))
        texts[key] = " ".join([line.text, words("finish_send_off")])
    return texts
