"""Moves through the routine, in either mode: start, next, skip, back, jump, pace, pause."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import Action, Facts, Line, Outcome
from skill.core.coach_base import CoachBase
from skill.core.place import Place
from skill.core.profile import GUIDED, HANDS_FREE, State


class Steps(CoachBase):
    """Moves: each takes (state, action, facts) and returns an Outcome."""

    # -- starting ---------------------------------------------------------------------------

    def welcome(self, state: State, facts: Facts, pace: str | None = None) -> list[Line]:
        """The first words of a fresh start: shorter for a runner who has been here before;
        "say next" is explained only to a first-timer who will have to say it."""
        if state.history:
            return [self.say.line("welcome_back")]
        items = self.items_needed(state)
        quick = self.fresh(state, pace).pace == "quick"
        lines = [self.say.line("welcome_quick" if quick else "welcome", items=items)]
        if not self.streaming(state, facts):
            lines.append(self.say.line("say_next_tip"))
        return lines

    def begin(
        self, state: State, facts: Facts, lead: list[Line] | None = None, pace: str | None = None
    ) -> Outcome:
        """Exercise one, with a welcome unless a lead is given, in the runner's mode."""
        place = self.fresh(state, pace)
        if lead is None:
            lead = self.welcome(state, facts, pace)
        if self.streaming(state, facts):
            spoken = [*lead, *self.say.opening(place)] if facts.can_speak else []
            return self.stream(state, place, facts, spoken, intro=not facts.can_speak)
        return self.guided_part(state, place, lead, facts)

    def carry_on(
        self, state: State, place: Place, facts: Facts, lead: list[Line] | None = None
    ) -> Outcome:
        """Back to a place: mid-part from the stored offset when streaming, else from the top."""
        if not self.streaming(state, facts):
            place = place.at(0)
        lines = [*self.say.resuming(place), *(lead or [])]
        if self.streaming(state, facts):
            lines = lines if facts.can_speak else []
            offset = place.offset_ms
            return self.stream(state, place, facts, lines, offset_ms=offset, intro=place.intro)
        return self.guided_part(state, place, lines, facts, opening=False)

    def welcome_again(self, state: State, facts: Facts, extra: list[Line]) -> Outcome:
        """A new session's start: offer a recent place back, or start afresh. `extra` lines (a
        device that cannot stream) follow the welcome; what is left out is said too, except at
        the offer, whose question comes last and alone (it is said once the runner answers)."""
        offer = rules.resumable(state, self.shape, facts.now)
        reminder = self.reminder(state)
        if offer is not None:
            if self.streaming(state, facts):
                return self.carry_on(state, offer, facts, [*extra, *reminder])
            where = self.say.where(offer)
            lines = [
                self.say.line("resume_offer", where=where),
                *extra,
                self.say.line("resume_question"),
            ]
            again = [self.say.line("resume_offer_reprompt", where=where)]
            return self.reply(state, facts, lines, again, pending="resume")
        if rules.lapsed(state, self.shape, facts.now):
            return self.begin(state, facts, [self.say.line("resume_lapsed"), *extra, *reminder])
        welcome = self.welcome(state, facts)
        if self.streaming(state, facts) and facts.can_speak:
            pace_name = self.routine.pace_names[self.fresh(state).pace]
            welcome.append(self.say.line("hands_free_on", pace_name=pace_name))
        return self.begin(state, facts, [*welcome, *extra, *reminder])

    def on_launch(self, state: State, action: Action, facts: Facts) -> Outcome:
        extra = []
        if state.mode == HANDS_FREE and not facts.can_stream and not state.told_no_stream:
            state = replace(state, told_no_stream=True)
            extra = [self.say.line("hands_free_unsupported")]
        return self.welcome_again(state, facts, extra)

    def on_start(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is not None and state.pending and state.pending.question == "resume":
            return self.carry_on(state, here, facts, self.reminder(state))
        if here is None:
            return self.begin(state, facts)
        if facts.new_session:
            return self.welcome_again(state, facts, [])
        # "Let's go" mid warm-up: carry on, just as "keep going" does.
        return self.on_resume(state, action, facts)

    def on_resume(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if state.place is not None and here is None:
            return self.reply(state, facts, [self.say.line("already_finished")])
        if here is None:
            return self.begin(state, facts, [self.say.line("resume_fresh")])
        resuming = state.pending is not None and state.pending.question == "resume"
        if facts.new_session and not resuming and rules.lapsed(state, self.shape, facts.now):
            return self.begin(state, facts, [self.say.line("resume_lapsed")])
        if self.part_played(state, facts):
            # Guided, the part has played to its end: "keep going" means the next one.
            return self.on_next(state, action, facts)
        return self.carry_on(state, here, facts, self.reminder(state) if resuming else [])

    # -- moving on --------------------------------------------------------------------------

    def advance(self, state: State, target: Place, facts: Facts, lead: list[Line]) -> Outcome:
        """On to `target` (or the finish): a new exercise opens with its intro."""
        if places.is_finished(target, self.shape):
            return self.finish(state, target, lead, facts)
        if self.streaming(state, facts):
            new_exercise = target.part == 0 and not target.intro
            return self.stream(state, target, facts, lead, intro=new_exercise)
        return self.guided_part(state, target, lead, facts)

    def on_next(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is not None and state.pending and state.pending.question == "resume":
            return self.carry_on(state, here, facts, self.reminder(state))
        if state.place is not None and here is None:
            return self.reply(state, facts, [self.say.line("already_finished")])
        if here is None:
            return self.begin(state, facts)
        if self.streaming(state, facts) and here.intro:
            return self.stream(state, here.at(0), facts)
        target = places.next_part(here, self.shape, self.left_out(state))
        if self.streaming(state, facts) and target.exercise == here.exercise:
            return self.stream(state, target, facts)
        return self.advance(state, target, facts, [])

    def on_skip(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if state.place is not None and here is None:
            return self.reply(state, facts, [self.say.line("already_finished")])
        if here is None:
            return self.begin(state, facts)
        lead = [self.say.line("skipping", name=self.say.exercise(here).name)]
        target = places.skip_exercise(here, self.shape, self.left_out(state))
        return self.advance(state, target, facts, lead)

    def on_previous(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = state.place
        if here is None:
            return self.begin(state, facts)
        if self.current(state) is None:  # finished and counted: going back would count it twice
            return self.reply(state, facts, [self.say.line("already_finished")])
        left_out = self.left_out(state)
        if places.at_first(here, self.shape, left_out):
            lead = [self.say.line("previous_at_start")]
            return self.advance(state, here.at(0), facts, lead)
        target = places.previous(here, self.shape, left_out)
        if self.streaming(state, facts) and target.exercise == here.exercise and target.part:
            return self.stream(state, target, facts)
        return self.advance(state, target, facts, [])

    def on_repeat(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if state.place is not None and here is None:
            return self.reply(state, facts, [self.say.line("already_finished")])
        if here is None:
            return self.begin(state, facts)
        again = [self.say.line("repeat")]
        if self.streaming(state, facts):  # said over the stream, so the runner knows it restarted
            return self.stream(state, here, facts, again, intro=here.intro)
        return self.guided_part(state, here, again, facts)

    def on_start_over(self, state: State, action: Action, facts: Facts) -> Outcome:
        lead = [self.say.line("from_the_top")]
        if state.pending and state.pending.question == "resume":
            lead += self.reminder(state)
        place = self.fresh(state, state.place.pace if state.place else None)
        if self.streaming(state, facts):
            return self.stream(state, place, facts, lead, intro=True)
        return self.guided_part(state, place, lead, facts)

    def on_go_to(self, state: State, action: Action, facts: Facts) -> Outcome:
        if action.exercise is None:
            names = self.say.names(list(range(self.count)), "or")
            line = self.say.line("which_exercise", names=names)
            return self.reply(state, facts, [line], pending="which_exercise")
        index = self.routine.index_of(action.exercise)
        if index in self.left_out(state):
            item = next(i for i in state.left_out if i in self.routine.exercises[index].equipment)
            name = self.routine.exercises[index].name
            item_name, needed = self.routine.equipment[item], self.routine.needed[item]
            line = self.say.line("go_to_left_out", name=name, item=item_name, needed=needed)
            return self.reply(state, facts, [line])
        here = self.current(state)
        base = here or self.fresh(state)
        target = places.go_to(
            base, index, self.shape, started=here is not None, left_out=self.left_out(state)
        )
        return self.advance(state, target, facts, [self.say.line("going_to")])

    def on_pace(self, state: State, action: Action, facts: Facts) -> Outcome:
        pace = action.pace
        if pace is None:
            return self.reply(state, facts, [self.say.line("which_pace")], pending="which_pace")
        state = replace(state, pace=pace)
        pace_name = self.routine.pace_names[pace]
        here = self.current(state)
        if here is None:
            return self.begin(state, facts, pace=pace)
        if here.pace == pace:
            line = self.say.line("pace_same", pace_name=pace_name)
            return self.reply(state, facts, [line], [self.say.line("after_part")])
        lead = [self.say.line("pace_changed", pace_name=pace_name)]
        if self.streaming(state, facts):
            changed = places.change_pace(here, pace, self.shape)
            return self.stream(state, changed, facts, lead, intro=changed.intro)
        if not self.part_played(state, facts):  # the stored exercise is still to do
            changed = places.change_pace(here, pace, self.shape)
            return self.guided_part(replace(state, pending=None), changed, lead, facts)
        following = places.next_part(here, self.shape, self.left_out(state))
        if places.is_finished(following, self.shape):  # the last part is done: nothing to redo
            state = rules.keep_place(state, places.change_pace(here, pace, self.shape), facts.now)
            return self.reply(state, facts, [*lead, self.say.line("after_part")])
        if following.exercise != here.exercise:
            # Guided, this exercise is done: the new pace starts with the next one.
            return self.advance(state, places.change_pace(following, pace, self.shape), facts, lead)
        return self.guided_part(state, places.change_pace(here, pace, self.shape), lead, facts)

    # -- pausing and modes ------------------------------------------------------------------

    def on_pause(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if self.streaming(state, facts):
            return Outcome(
                replace(state, paused=True, pending=None),
                stop_player=True,
                session="end" if facts.can_speak else None,
            )
        if here is None:
            prompt = "already_finished" if state.place else "pause_not_started"
            return self.reply(state, facts, [self.say.line(prompt)])
        if state.pending is not None and state.pending.question == "resume":
            return self.reply(state, facts, [self.say.line("pause_at_offer")])
        line = self.say.line("pause")
        paused = replace(state, paused=True)
        return self.reply(paused, facts, [line], [self.say.line("pause_reprompt")])

    def on_hands_free(self, state: State, action: Action, facts: Facts) -> Outcome:
        resuming = state.pending is not None and state.pending.question == "resume"
        was_guided = state.mode == GUIDED
        state = replace(state, mode=HANDS_FREE)
        here = self.current(state)
        if here is not None and facts.new_session and not resuming:
            if rules.lapsed(state, self.shape, facts.now):
                here = None
        if not facts.can_stream:
            state = replace(state, told_no_stream=True)
            lead = [self.say.line("hands_free_unsupported")]
            if here is None:
                return self.begin(state, facts, lead)
            return self.guided_part(
                state, here, [*lead, *self.say.resuming(here)], facts, opening=False
            )
        if here is None:
            place = self.fresh(state)
            lead = [self.say.line("hands_free_start"), *self.say.opening(place)]
            return self.stream(state, place, facts, lead)
        if was_guided and self.part_played(replace(state, mode=GUIDED), facts):
            # "Play the rest hands free" after a guided part: the rest starts after it.
            here = places.next_part(here, self.shape, self.left_out(state))
            if places.is_finished(here, self.shape):
                return self.finish(state, here, [], facts)
            if here.part == 0:
                here = here.at(0, intro=True)
        lead = [self.say.line("hands_free_continue", where=self.say.where(here))]
        return self.stream(state, here, facts, lead, offset_ms=here.offset_ms, intro=here.intro)

    def on_step_by_step(self, state: State, action: Action, facts: Facts) -> Outcome:
        state = replace(state, mode=GUIDED, paused=False)
        lead = [self.say.line("step_by_step")]
        here = self.current(state)
        outcome = (
            self.begin(state, facts, lead)
            if here is None
            else self.guided_part(state, here, lead, facts)
        )
        return replace(outcome, stop_player=facts.can_stream)
