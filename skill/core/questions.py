"""Questions and requests that leave the place where it is, and answers to the skill's own
questions. While a stream plays, an answer is spoken over a pause and the stream carries on."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import Action, Facts, Line, Outcome
from skill.core.coach_base import CoachBase
from skill.core.profile import State


class Questions(CoachBase):
    """Answers: each takes (state, action, facts) and returns an Outcome."""

    def pending_question(self, state: State) -> str | None:
        return state.pending.question if state.pending else None

    # -- answers to our own questions -------------------------------------------------------

    def on_yes(self, state: State, action: Action, facts: Facts) -> Outcome:
        question = self.pending_question(state)
        if question == "resume":
            return self.on_resume(state, action, facts)
        if question == "forget":
            lines = (self.say.line("forgotten"),)
            stop = self.streaming(state, facts)  # no place is kept, so no stream goes on
            return Outcome(
                rules.State(), speech=lines, session="end", forget=True, stop_player=stop
            )
        if question is not None:
            return self.ask_again(state, facts, question)
        return self.reply(state, facts, [self.nothing_asked(state)])

    def nothing_asked(self, state: State, *, after_okay: bool = False) -> Line:
        """A yes or no with no question open: a friendly nudge to what comes next (without
        its own "okay" when the sentence before has said it)."""
        if self.current(state):
            return self.say.line("then_next" if after_okay else "okay_next")
        if state.place is not None:
            return self.say.line("already_finished")
        return self.say.line("then_start" if after_okay else "okay_start")

    def on_no(self, state: State, action: Action, facts: Facts) -> Outcome:
        question = self.pending_question(state)
        if question == "resume":
            return self.on_start_over(state, action, facts)
        if question == "forget":
            lines = [self.say.line("not_forgotten"), self.nothing_asked(state, after_okay=True)]
            return self.reply(replace(state, pending=None), facts, lines)
        if question is not None:
            return self.on_cancel(state, action, facts)
        return self.reply(state, facts, [self.nothing_asked(state)])

    def on_cancel(self, state: State, action: Action, facts: Facts) -> Outcome:
        """ "Never mind": a question is dropped and the warm-up goes on; a runner who drops
        a half-said sentence mid warm-up carries on too. At the resume offer it is a stop."""
        question = self.pending_question(state)
        if question == "resume" or (question is None and self.current(state) is None):
            return self.on_stop(state, action, facts)
        if question is None:
            lines = [self.say.line("never_mind"), self.nothing_asked(state, after_okay=True)]
            return self.reply(state, facts, lines)
        state = replace(state, pending=None)
        lines = [self.say.line("going_to"), self.nothing_asked(state, after_okay=True)]
        return self.reply(state, facts, lines)

    def on_answer(self, state: State, action: Action, facts: Facts) -> Outcome:
        """A bare "pogo hops", "quick" or "the lacrosse ball": read by the question asked."""
        question = self.pending_question(state)
        if action.exercise:
            return self.on_go_to(state, action, facts)
        if action.pace:
            return self.on_pace(state, action, facts)
        if action.item:
            if question == "which_item_back":
                return self.on_bring_back(state, action, facts)
            if question == "which_item_out":
                return self.on_leave_out(state, action, facts)
            if question == "which_exercise":
                needing = self.routine.needing([action.item])
                if needing:
                    exercise = self.routine.exercises[needing[0]].id
                    return self.on_go_to(state, replace(action, exercise=exercise), facts)
            name = self.routine.equipment[action.item]
            return self.reply(state, facts, [self.say.line("item_unclear", item=name)])
        return self.on_fallback(state, action, facts)

    def ask_again(self, state: State, facts: Facts, question: str) -> Outcome:
        """The pending question, once more."""
        if question == "resume" and self.current(state):
            where = self.say.where(self.current(state))  # type: ignore[arg-type]
            line = self.say.line("resume_offer_reprompt", where=where)
        elif question == "which_exercise":
            line = self.say.line("which_exercise_again")
        else:
            prompt = {"forget": "forget_confirm_reprompt"}.get(question, question)
            line = self.say.line(prompt) if prompt in self.words.texts else None
        if line is None:
            return self.reply(state, facts, [self.say.line("fallback_in_exercise")])
        return self.reply(state, facts, [line], pending=question)

    # -- what, how, who ---------------------------------------------------------------------

    def on_why(self, state: State, action: Action, facts: Facts) -> Outcome:
        """What the exercise is for: the purpose the coach wrote for it."""
        here = self.current(state)
        if here is None:
            return self.reply(state, facts, [self.say.line("why_warm_up")])
        purpose = self.say.exercise(here).purpose
        return self.reply(state, facts, [Line(f"purpose:{here.exercise}", purpose)])

    def on_what_i_need(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is not None:  # mid warm-up, "what do I need" is about this exercise
            kit = self.say.exercise(here).equipment
            items = self.words.spoken_list([self.routine.needed[i] for i in kit])
            line = "what_i_need_this" if items else "what_i_need_this_nothing"
            return self.reply(state, facts, [self.say.line(line, items=items)])
        out = self.left_out(state)
        items = self.items_needed(state)
        if items:
            lines = [self.say.line("what_i_need", items=items)]
        else:
            lines = [self.say.line("what_i_need_nothing")]
        if out:
            needed, item = self.missing(state)
            exercises = self.say.names(out)
            lines.append(
                self.say.line("what_i_need_left_out", needed=needed, item=item, exercises=exercises)
            )
        return self.reply(state, facts, lines)

    def on_how_to(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is None:
            prompt = "help_finished" if state.place else "how_to_not_started"
            return self.reply(state, facts, [self.say.line(prompt)])
        exercise = self.say.exercise(here)
        last = places.is_finished(
            places.next_part(here, self.shape, self.left_out(state)), self.shape
        )
        follow = self.say.line(
            "how_to_follow_last" if last else "how_to_follow", name=exercise.name
        )
        lines = [self.say.line("how_to", how_to=exercise.how_to)]
        if not self.streaming(state, facts):
            lines.append(follow)
        return self.reply(state, facts, lines, [follow])

    def on_about(self, state: State, action: Action, facts: Facts) -> Outcome:
        started = self.current(state) is not None
        follow = self.say.line("about_follow" if started else "about_follow_not_started")
        lines = [self.say.line("about", credit=self.routine.credit)]
        if not self.streaming(state, facts):
            lines.append(follow)
        return self.reply(state, facts, lines, [follow])

    def on_help(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is not None and self.streaming(state, facts):
            line = self.say.line("help_hands_free")
        elif here is not None:
            line = self.say.line("help_in_exercise", name=self.say.where(here))
        elif state.place is not None:
            line = self.say.line("help_finished")
        else:
            line = self.say.line("help_not_started")
        return self.reply(state, facts, [line])

    def on_hurts(self, state: State, action: Action, facts: Facts) -> Outcome:
        if self.streaming(state, facts) and self.current(state):
            # Nobody should hear a hold counted out over a sharp pain: the stream waits.
            paused = replace(state, paused=True, pending=None)
            line = self.say.line("hurts_hands_free")
            return Outcome(paused, speech=(line,), session="end", stop_player=True)
        return self.reply(state, facts, [self.say.line("hurts")])

    def on_end(self, state: State, action: Action, facts: Facts) -> Outcome:
        """ "We're done here": on the last exercise, once it has played, that is the finish."""
        here = self.current(state)
        if here is not None and not self.streaming(state, facts) and not state.paused:
            following = places.next_part(here, self.shape, self.left_out(state))
            if places.is_finished(following, self.shape) and state.pending is None:
                return self.finish(state, following, [], facts)
        return self.on_stop(state, action, facts)

    def on_thanks(self, state: State, action: Action, facts: Facts) -> Outcome:
        """ "Thanks" after an answer is politeness, not goodbye: the warm-up carries on (a
        stream too). With nothing under way, or after the last part, it is the send-off."""
        here = self.current(state)
        if here is None:
            return self.tell(state, [self.say.line("thanks_bye")])
        if not self.streaming(state, facts) and state.pending is None:
            following = places.next_part(here, self.shape, self.left_out(state))
            if places.is_finished(following, self.shape) and self.part_played(state, facts):
                return self.on_end(state, action, facts)
            lines = [self.say.line("thanks"), self.nothing_asked(state, after_okay=True)]
            return self.reply(state, facts, lines)
        return self.reply(state, facts, [self.say.line("thanks")])

    def on_in_order_only(self, state: State, action: Action, facts: Facts) -> Outcome:
        return self.reply(
            state, facts, [self.say.line("in_order_only")], [self.say.line("keep_going")]
        )

    def on_fallback(self, state: State, action: Action, facts: Facts) -> Outcome:
        question = self.pending_question(state)
        if question is not None:
            return self.ask_again(state, facts, question)
        here = self.current(state)
        if here is not None and self.streaming(state, facts):
            line = self.say.line("fallback_hands_free")
        elif here is not None:
            line = self.say.line("fallback_in_exercise")
        elif state.place is not None:
            line = self.say.line("already_finished")
        else:
            line = self.say.line("fallback_not_started")
        return self.reply(state, facts, [line])

    def on_stop(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        streaming = self.streaming(state, facts)
        state = replace(state, pending=None, paused=streaming or state.paused)
        if here is None:
            return self.tell(state, [self.say.line("goodbye")], stop=streaming)
        line = self.say.line("goodbye_in_exercise", name=self.say.where(here.at(0)))
        return self.tell(state, [line], stop=streaming)
