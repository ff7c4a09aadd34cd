"""Questions and requests that leave the place where it is, and answers to the skill's own
questions. While a stream plays, an answer is spoken over a pause and the stream carries on."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import INTRO, Action, Clip, Facts, Outcome
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
            return Outcome(rules.State(), speech=lines, session="end", forget=True)
        if question is not None:
            return self.ask_again(state, facts, question)
        return self.reply(state, facts, [self.say.line("yes_no_nothing_asked")])

    def on_no(self, state: State, action: Action, facts: Facts) -> Outcome:
        question = self.pending_question(state)
        if question == "resume":
            return self.on_start_over(state, action, facts)
        if question == "forget":
            return self.reply(state, facts, [self.say.line("not_forgotten")])
        if question is not None:
            lines = [self.say.line("going_to"), self.say.line("keep_going")]
            return self.reply(replace(state, pending=None), facts, lines)
        return self.reply(state, facts, [self.say.line("yes_no_nothing_asked")])

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
            names = self.say.names(list(range(self.count)), "or")
            line = self.say.line("which_exercise", names=names)
        else:
            prompt = {"forget": "forget_confirm_reprompt"}.get(question, question)
            line = self.say.line(prompt) if prompt in self.words.texts else None
        if line is None:
            return self.reply(state, facts, [self.say.line("fallback_in_exercise")])
        return self.reply(state, facts, [line], pending=question)

    # -- where am I, how long, which foot ---------------------------------------------------

    def on_where(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is None:
            prompt = "where_finished" if state.place else "where_not_started"
            return self.reply(state, facts, [self.say.line(prompt)])
        left = len(places.ahead(here, self.shape, self.left_out(state))) - 1
        if left <= 0:
            left_phrase = self.words("where_left_none")
        elif left == 1:
            left_phrase = self.words("where_left_one")
        else:
            left_phrase = self.words("where_left_many", left=self.words.number(left))
        line = self.say.line(
            "where",
            name=self.say.where(here),
            number=here.exercise + 1,
            count=self.count,
            left_phrase=left_phrase,
        )
        return self.reply(state, facts, [line], [self.say.line("after_part")])

    def remaining_ms(self, state: State, facts: Facts) -> int:
        """Audio still to play from the current place: the stream's queue from its offset, or
        (guided) this part and the parts after it."""
        here = self.current(state)
        if here is None:
            return 0
        if self.streaming(state, facts):
            clips = self.queue(state, here)
            return max(sum(self.clip_ms(c) for c in clips) - here.offset_ms, 0)
        total, place = 0, here.at(0)
        while not places.is_finished(place, self.shape):
            total += self.say.part(place).duration_ms
            place = places.next_part(place, self.shape, self.left_out(state))
        return total

    def clip_ms(self, clip: Clip) -> int:
        """How long a part or intro clip plays."""
        place = clip.place
        assert place is not None
        if clip.kind == INTRO:
            intro = self.manifest.intros.get(self.routine.exercises[place.exercise].id)
            return intro.duration_ms if intro else 0
        return self.manifest.part(place.pace, place.exercise, place.part).duration_ms

    def on_time_left(self, state: State, action: Action, facts: Facts) -> Outcome:
        if self.current(state) is None:
            if state.place is not None:
                return self.reply(state, facts, [self.say.line("where_finished")])
            return self.on_how_long(state, action, facts)
        left = self.remaining_ms(state, facts)
        if left < 60_000:
            line = self.say.line("time_left_short")
        else:
            line = self.say.line("time_left", time=self.say.minutes(left))
        return self.reply(state, facts, [line], [self.say.line("after_part")])

    def on_how_long(self, state: State, action: Action, facts: Facts) -> Outcome:
        totals = {}
        for pace, exercises in self.manifest.paces.items():
            intros = sum(i.duration_ms for i in self.manifest.intros.values())
            totals[pace] = self.say.minutes(
                sum(p.duration_ms for ex in exercises for p in ex) + intros
            )
        lines = [self.say.line("how_long", standard=totals["standard"], quick=totals["quick"])]
        here = self.current(state)
        if here is not None:
            left = self.say.minutes(self.remaining_ms(state, facts))
            pace_name = self.routine.pace_names[here.pace]
            lines.append(self.say.line("how_long_now", pace_name=pace_name, time=left))
        return self.reply(state, facts, lines)

    def on_which_foot(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is None:
            prompt = "where_finished" if state.place else "which_foot_not_started"
            return self.reply(state, facts, [self.say.line(prompt)])
        part = self.say.part(here)
        offset = here.offset_ms if self.streaming(state, facts) and not here.intro else 0
        side, later = part.side_at(offset)
        if later is None:
            following = places.next_part(here.at(0), self.shape, self.left_out(state))
            if following.exercise == here.exercise and not places.is_finished(
                following, self.shape
            ):
                later = self.say.part(following).side
        lines = [self.say.line("which_foot_now", side=self.say.side(side))]
        if later and later != side:
            lines.append(self.say.line("which_foot_then", side=self.say.side(later)))
        return self.reply(state, facts, lines, [self.say.line("after_part")])

    # -- what, how, who ---------------------------------------------------------------------

    def on_what_i_need(self, state: State, action: Action, facts: Facts) -> Outcome:
        out = self.left_out(state)
        used = [
            item
            for item in self.routine.equipment
            if any(
                item in e.equipment for i, e in enumerate(self.routine.exercises) if i not in out
            )
        ]
        if used:
            items = self.words.spoken_list([self.routine.needed[i] for i in used])
            lines = [self.say.line("what_i_need", items=items)]
        else:
            lines = [self.say.line("what_i_need_nothing")]
        if out:
            item = self.routine.equipment[state.left_out[0]]
            lines.append(
                self.say.line("what_i_need_left_out", item=item, exercises=self.say.names(out))
            )
        return self.reply(state, facts, lines)

    def on_how_to(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.current(state)
        if here is None:
            prompt = "help_finished" if state.place else "how_to_not_started"
            return self.reply(state, facts, [self.say.line(prompt)])
        exercise = self.say.exercise(here)
        follow = self.say.line("how_to_follow", name=exercise.name)
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
        return self.reply(state, facts, [self.say.line("hurts")])

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
