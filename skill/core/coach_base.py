"""What every part of the coach shares: the routine, its audio and words, and how a place
becomes an outcome (a guided part, a stream, the finish)."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import (
    INTRO,
    PART,
    SEND_OFF,
    Action,
    Clip,
    Facts,
    Line,
    Outcome,
    Play,
    Show,
)
from skill.core.manifest import Manifest
from skill.core.place import Place
from skill.core.profile import HANDS_FREE, Pending, State
from skill.core.replies import Replies
from skill.core.routine import Routine
from skill.core.stream_order import StreamOrder
from skill.core.words import Words

# Lines that tell a guided runner what to say next; while a stream plays they are left out.
GUIDED_NUDGES = {
    "keep_going",
    "after_part",
    "okay_next",
    "then_next",
    "about_follow",
    "how_to_follow",
    "how_to_follow_last",
}


class CoachBase(StreamOrder):
    """The routine, its audio and its words for one locale."""

    def __init__(self, routine: Routine, manifest: Manifest, words: Words) -> None:
        self.routine = routine
        self.manifest = manifest
        self.words = words
        self.say = Replies(routine, manifest, words)
        self.shape = manifest.shape()
        self.count = len(routine.exercises)

    # -- moves one concern makes on behalf of another (defined in steps.py) -----------------

    def advance(self, state: State, target: Place, facts: Facts, lead: list[Line]) -> Outcome:
        raise NotImplementedError

    def on_resume(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError

    def on_start_over(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError

    def on_go_to(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError

    def on_pace(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError

    def on_leave_out(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError  # preferences.py

    def on_bring_back(self, state: State, action: Action, facts: Facts) -> Outcome:
        raise NotImplementedError  # preferences.py

    # -- what the state says ---------------------------------------------------------------

    def left_out(self, state: State) -> tuple[int, ...]:
        """Exercises whose equipment the runner does not have."""
        return self.routine.needing(state.left_out)

    def streaming(self, state: State, facts: Facts) -> bool:
        """Hands free on a device that can play a stream."""
        return state.mode == HANDS_FREE and facts.can_stream

    def part_played(self, state: State, facts: Facts) -> bool:
        """Guided, in the same session, the stored part has played to its end (it was not
        paused, and no resume offer stands): going on means the part after it."""
        resuming = state.pending is not None and state.pending.question == "resume"
        return not (resuming or state.paused or facts.new_session or state.mode == HANDS_FREE)

    def current(self, state: State) -> Place | None:
        """The stored place, if the routine is under way and not finished."""
        return rules.unfinished(state, self.shape)

    def fresh(self, state: State, pace: str | None = None) -> Place:
        """Exercise one (or the first not left out) at the chosen or remembered pace."""
        return places.start(pace or state.pace or "standard", self.shape, self.left_out(state))

    def ask(self, state: State, pending: str | None = None, facts: Facts | None = None) -> State:
        """The state with this question waiting for an answer in the current session."""
        if pending is None or facts is None or facts.session is None:
            return replace(state, pending=None)
        return replace(state, pending=Pending(pending, facts.session))

    def items_needed(self, state: State) -> str:
        """ "a textured massage ball, a lacrosse ball and a bit of wall", for what is still in."""
        out = self.left_out(state)
        kept = [e for i, e in enumerate(self.routine.exercises) if i not in out]
        used = [item for item in self.routine.equipment if any(item in e.equipment for e in kept)]
        return self.words.spoken_list([self.routine.needed[i] for i in used])

    def reminder(self, state: State) -> list[Line]:
        """One line at launch about what is left out and how to bring it back."""
        out = self.left_out(state)
        if not out:
            return []
        needed, items = self.missing(state)
        prompt = "left_out_reminder_one" if len(out) == 1 else "left_out_reminder_many"
        return [self.say.line(prompt, exercises=self.say.names(out), item=items, needed=needed)]

    def missing(self, state: State) -> tuple[str, str]:
        """What the runner said they lack, as "a textured massage ball or a lacrosse ball" and
        as "massage ball or lacrosse ball" (for "say I found my ...")."""
        items = [i for i in self.routine.equipment if i in state.left_out]
        return (
            self.words.spoken_list([self.routine.needed[i] for i in items], "or"),
            self.words.spoken_list([self.routine.equipment[i] for i in items], "or"),
        )

    # -- answers ---------------------------------------------------------------------------

    def reply(
        self,
        state: State,
        facts: Facts,
        lines: list[Line],
        reprompt: list[Line] | None = None,
        *,
        pending: str | None = None,
    ) -> Outcome:
        """Words that leave the place alone: listen for more, or, while a stream is on, let it
        carry on (the device resumes it after speech) and close the session."""
        if self.streaming(state, facts) and pending is None:
            # "Say next" while a stream plays would cut the part short: the stream goes on.
            lines = [line for line in lines if line.id not in GUIDED_NUDGES]
            if state.paused and self.current(state):
                lines = [*lines, self.say.line("hands_free_paused_hint")]
            return Outcome(replace(state, pending=None), speech=tuple(lines), session="end")
        offer_open = state.pending is not None and state.pending.question == "resume"
        if pending is None and offer_open and self.current(state):
            # A question asked at the resume offer is answered, and the offer still stands.
            lines = [*lines, self.say.line("resume_nudge")]
            reprompt, pending = [self.say.line("resume_nudge")], "resume"
        if reprompt is None:  # what to do next, rather than the whole answer again
            reprompt = [self.say.line("keep_going")] if self.current(state) else lines
        return Outcome(
            self.ask(state, pending, facts),
            speech=tuple(lines),
            reprompt=tuple(reprompt),
            session="listen",
        )

    def tell(self, state: State, lines: list[Line], *, stop: bool = False) -> Outcome:
        """Words, then the session ends."""
        return Outcome(
            replace(state, pending=None), speech=tuple(lines), session="end", stop_player=stop
        )

    def nothing(self, state: State) -> Outcome:
        """No words, no directives (events, and requests that want only an empty answer)."""
        return Outcome(state)

    def guided_part(
        self, state: State, place: Place, lead: list[Line], facts: Facts, *, opening: bool = True
    ) -> Outcome:
        """Guided: say the lead and the part's opening, play the part, then say what's next."""
        place = place.at(0)
        if places.is_finished(place, self.shape):
            return self.finish(state, place, lead, facts)
        speech = [*lead, *(self.say.opening(place) if opening else [])]
        after, again = self.say.after(place, self.left_out(state))
        state = replace(rules.keep_place(state, place, facts.now), pending=None, paused=False)
        clip = Clip(PART, place)
        spoken = " ".join(line.text for line in speech)
        return Outcome(
            state,
            speech=tuple(speech),
            audio=clip,
            after=tuple(after),
            reprompt=tuple(again),
            session="listen",
            show=Show((clip,), 0, spoken),
        )

    def stream(
        self,
        state: State,
        place: Place,
        facts: Facts,
        lead: list[Line] | None = None,
        *,
        offset_ms: int = 0,
        intro: bool = False,
    ) -> Outcome:
        """Hands free: play a part (or the intro before it) now, from an offset."""
        if places.is_finished(place, self.shape):
            return self.finish(state, place, lead or [], facts)
        here = place.at(offset_ms, intro)
        clip = Clip(INTRO if intro else PART, here.at(0, intro))
        state = replace(rules.keep_place(state, here, facts.now), pending=None, paused=False)
        if not facts.can_speak:
            return Outcome(state, play=Play(clip, offset_ms))
        speech = tuple(lead or [])
        spoken = " ".join(line.text for line in speech)
        return Outcome(
            state,
            speech=speech,
            session="end",
            play=Play(clip, offset_ms),
            show=Show(self.queue(state, here), offset_ms, spoken),
        )

    def finish(self, state: State, place: Place, lead: list[Line], facts: Facts) -> Outcome:
        """Past the last exercise: record what was done and send the runner off."""
        end = places.finished(place, self.shape)
        state, tally, recorded = self.record(state, end, facts)
        state = replace(rules.keep_place(state, end, facts.now), pending=None, paused=False)
        if self.streaming(state, facts) and not facts.can_speak:
            # A button press past the last part: the same finish a stream plays by itself.
            key = self.say.finish_key(end)
            if key in self.manifest.send_offs:
                play = Play(Clip(SEND_OFF, send_off=key))
                return Outcome(state, play=play, recorded=recorded)
            return Outcome(state, stop_player=True, recorded=recorded)
        words = self.say.finish(end, self.say.tally(*tally) if recorded else None)
        return Outcome(
            state,
            speech=(*lead, *words),
            session="end",
            stop_player=self.streaming(state, facts),
            recorded=recorded,
        )

    def record(self, state: State, end: Place, facts: Facts) -> tuple[State, tuple[int, int], bool]:
        """Add a finished warm-up to the history, unless nothing was done."""
        ids = [e.id for e in self.routine.exercises]
        done, skipped = places.done_and_skipped(end, self.count)
        if not done:
            return state, (0, 0), False
        state = rules.record_finish(
            state, end.pace, [ids[i] for i in done], [ids[i] for i in skipped], facts.today
        )
        return state, self.tallies(state, facts), True

    def tallies(self, state: State, facts: Facts) -> tuple[int, int]:
        """(streak, this week's count) as of today."""
        return (
            rules.streak(state.history, facts.today),
            rules.this_week(state.history, facts.today),
        )
