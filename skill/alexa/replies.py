"""What the skill says in each situation: core positions in, speech and audio out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from skill.alexa.screens import screen_data
from skill.core import place as progress
from skill.core.manifest import Manifest, ManifestPart
from skill.core.place import Position
from skill.core.routine import Exercise, Routine
from skill.core.ssml import Speech, reprompt
from skill.core.words import Prompts

ORDINAL_COUNT = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


def ordinal(n: int) -> str:
    """A spoken ordinal: "third", "twenty-first" is left to Alexa as "21st"."""
    if 0 <= n < len(ORDINALS):
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(n: int) -> str:
    """Small numbers as words, for the ear."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def spoken_list(names: list[str], joiner: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {joiner} " + names[-1]


@dataclass
class Reply:
    """A spoken answer: speech, an optional reprompt, and whether the session ends."""

    speech: Speech
    reprompt: Speech | None = None
    end_session: bool = False
    spoken_before_audio: str = ""  # so a screen can start its clock when the audio starts


class Coach:
    """Turns positions in the routine into replies, using the routine, prompts and audio."""

    def __init__(
        self,
        routine: Routine,
        manifest: Manifest,
        prompts: Prompts,
        audio_url: Callable[[str], str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        zone_lookup: Callable[[str, str, str], str | None] | None = None,
    ) -> None:
        self.clock = clock
        # (api endpoint, device id, token) -> IANA zone; None where it must not be asked.
        self.zone_lookup = zone_lookup
        self.routine = routine
        self.manifest = manifest
        self.say = prompts
        self.audio_url = audio_url
        self.shape = manifest.shape()

    # -- lookups -------------------------------------------------------------------------

    def exercise(self, position: Position) -> Exercise:
        """The exercise the position is on."""
        return self.routine.exercises[position.exercise]

    def audio_part(self, position: Position) -> ManifestPart:
        """The manifest part the position is on."""
        return self.manifest.part(position.pace, position.exercise, position.part)

    def where(self, position: Position) -> str:
        """The exercise name, with the side when the exercise has several parts."""
        name = self.exercise(position).name
        if len(self.manifest.parts(position.pace, position.exercise)) > 1:
            return f"{name}, {self.audio_part(position).label}"
        return name

    def count(self) -> int:
        return len(self.routine.exercises)

    # -- replies -------------------------------------------------------------------------

    def part(self, position: Position, lead: str = "") -> Reply:
        """Introduce the current part, play its audio and ask for next."""
        exercise = self.exercise(position)
        part = self.audio_part(position)
        if position.part == 0:
            opening = self.say(
                "exercise_start",
                number=position.exercise + 1,
                count=self.count(),
                name=exercise.name,
                intro=exercise.intro,
            )
        else:
            opening = self.say("part_start", name=exercise.name, label=part.label)
        speech = Speech().say(lead).say(opening)
        speech.play(self.audio_url(part.path), part.duration_ms)

        following = progress.next_part(position, self.shape)
        if progress.is_finished(following, self.shape):
            after, again = self.say("after_part"), self.say("reprompt_last")
        elif following.exercise == position.exercise:
            label = self.audio_part(following).label
            after = self.say("after_part_split", label=label)
            again = self.say("reprompt_next_part", label=label)
        else:
            after = self.say("after_part")
            again = self.say("reprompt_next", next_name=self.exercise(following).name)
        speech.say(after)
        return Reply(speech, reprompt().say(again), spoken_before_audio=f"{lead} {opening}")

    def screen(self, position: Position, spoken_before: str) -> dict:
        """What an Echo Show displays for the part at position."""
        return screen_data(
            self.exercise(position),
            self.audio_part(position),
            position.exercise + 1,
            self.count(),
            spoken_before,
        )

    def finish(self, position: Position, lead: str = "", tally: str = "") -> Reply:
        """The routine is done: a short send-off (with the streak), and the session ends."""
        speech = Speech().say(lead)
        if position.skipped:
            names = [self.routine.exercises[i].name for i in position.skipped]
            speech.say(self.say("finish_skipped", skipped=spoken_list(names)))
        else:
            speech.say(self.say("finish"))
        speech.say(tally).say(self.say("finish_send_off"))
        return Reply(speech, end_session=True)

    def tally(self, streak: int, week: int) -> str:
        """ "Third day in a row", or the week's count when there is no streak to speak of."""
        if streak >= 2:
            return self.say("streak_days", ordinal=ordinal(streak))
        if week <= 1:
            return self.say("week_count_one")
        return self.say("week_count_many", count=number(week))

    def week_summary(self, streak: int, week: int) -> Reply:
        """How many warm-ups this week, and the streak."""
        if week == 0:
            return self.ask(self.say("week_summary_none"))
        text = (
            self.say("week_summary_one")
            if week == 1
            else self.say("week_summary_many", count=number(week))
        )
        if streak >= 2:
            text = f"{text} {self.say('week_streak', count=number(streak))}"
        return self.ask(text, self.say("keep_going"))

    def names_of(self, indexes: tuple[int, ...] | list[int]) -> str:
        """Exercise names, spoken as a list."""
        return spoken_list([self.routine.exercises[i].name for i in indexes])

    def ask(self, text: str, again: str | None = None) -> Reply:
        """Say something and keep listening."""
        return Reply(Speech().say(text), reprompt().say(again or text))

    def tell(self, text: str) -> Reply:
        """Say something and end the session."""
        return Reply(Speech().say(text), end_session=True)

    def progress(self, position: Position | None) -> Reply:
        """Where the runner is and how much is left."""
        if position is None:
            return self.ask(self.say("progress_not_started"))
        if progress.is_finished(position, self.shape):
            return self.ask(self.say("progress_finished"), self.say("already_finished"))
        left = progress.exercises_left(position, self.shape) - 1
        if left == 0:
            left_phrase = self.say("progress_left_none")
        elif left == 1:
            left_phrase = self.say("progress_left_one")
        else:
            left_phrase = self.say("progress_left_many", left=ORDINAL_COUNT.get(left, left))
        text = self.say(
            "progress",
            name=self.where(position),
            number=position.exercise + 1,
            count=self.count(),
            left_phrase=left_phrase,
        )
        return self.ask(text, self.say("after_part"))

    def how_to(self, position: Position | None) -> Reply:
        """The longer explanation of the current exercise."""
        if position is None or progress.is_finished(position, self.shape):
            return self.ask(self.say("how_to_not_started"))
        exercise = self.exercise(position)
        follow = self.say("how_to_follow", name=exercise.name)
        return self.ask(f"{self.say('how_to', how_to=exercise.how_to)} {follow}", follow)

    def help(self, position: Position | None) -> Reply:
        """Help that fits the moment."""
        if position is None:
            return self.ask(self.say("help_not_started"))
        if progress.is_finished(position, self.shape):
            return self.ask(self.say("help_finished"))
        return self.ask(self.say("help_in_exercise", name=self.where(position)))

    def fallback(self, position: Position | None) -> Reply:
        """What can be said now, after an unmatched phrase."""
        if position is None:
            return self.ask(self.say("fallback_not_started"))
        if progress.is_finished(position, self.shape):
            return self.ask(self.say("already_finished"))
        return self.ask(self.say("fallback_in_exercise"))

    def goodbye(self, position: Position | None) -> Reply:
        """A short goodbye that says where they stopped."""
        if position is None or progress.is_finished(position, self.shape):
            return self.tell(self.say("goodbye"))
        return self.tell(self.say("goodbye_in_exercise", name=self.where(position)))

    def about(self, position: Position | None) -> Reply:
        """Who made the routine, then back to it."""
        started = position is not None and not progress.is_finished(position, self.shape)
        follow = self.say("about_follow" if started else "about_follow_not_started")
        return self.ask(f"{self.say('about', credit=self.routine.credit)} {follow}", follow)

    def exercise_names(self) -> str:
        """All exercise names, spoken as a list."""
        return spoken_list([e.name for e in self.routine.exercises], "or")
