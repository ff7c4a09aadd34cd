"""Requests about what the skill remembers: the week's count, equipment left out or brought
back, and forgetting everything."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import Action, Facts, Outcome
from skill.core.coach_base import CoachBase
from skill.core.profile import State


class Preferences(CoachBase):
    """Memory requests: each takes (state, action, facts) and returns an Outcome."""

    def on_week(self, state: State, action: Action, facts: Facts) -> Outcome:
        streak, week = self.tallies(state, facts)
        if week == 0:
            if streak >= 2:  # a streak from last week, alive until tonight
                line = self.say.line("week_streak_alive", count=self.words.number(streak))
                return self.reply(state, facts, [line])
            prompt = "week_summary_none_now" if self.current(state) else "week_summary_none"
            return self.reply(state, facts, [self.say.line(prompt)])
        if week == 1:
            lines = [self.say.line("week_summary_one")]
        else:
            lines = [self.say.line("week_summary_many", count=self.words.number(week))]
        if streak >= 2:
            lines.append(self.say.line("week_streak", count=self.words.number(streak)))
        return self.reply(state, facts, lines, [self.say.line("keep_going")])

    def on_leave_out(self, state: State, action: Action, facts: Facts) -> Outcome:
        item = action.item
        if item is None:
            line = self.say.line("which_item_out")
            return self.reply(state, facts, [line], pending="which_item_out")
        name = self.routine.equipment[item]
        needing = self.routine.needing([item])
        if not needing:
            return self.reply(state, facts, [self.say.line("left_out_none", item=name)])
        exercises = self.say.names(needing)
        if item in state.left_out:
            line = self.say.line("left_out_already", exercises=exercises, item=name)
        else:
            state = replace(state, left_out=(*state.left_out, item))
            line = self.say.line("left_out", exercises=exercises, item=name)
        here = self.current(state)
        if here is None:
            return self.reply(state, facts, [line])
        here = places.leave_out(here, needing)
        if here.exercise in needing:
            target = places.skip_exercise(here, self.shape, self.left_out(state))
            return self.advance(state, target, facts, [line])
        state = rules.keep_place(state, here, facts.now)
        keep_going = self.say.line("keep_going")
        lines = [line] if self.streaming(state, facts) else [line, keep_going]
        return self.reply(state, facts, lines, [keep_going])

    def on_bring_back(self, state: State, action: Action, facts: Facts) -> Outcome:
        item = action.item
        if item is None:
            line = self.say.line("which_item_back")
            return self.reply(state, facts, [line], pending="which_item_back")
        name = self.routine.equipment[item]
        needing = self.routine.needing([item])
        if item not in state.left_out or not needing:
            line = self.say.line("brought_back_none", item=name)
        else:
            state = replace(state, left_out=tuple(x for x in state.left_out if x != item))
            line = self.say.line("brought_back", exercises=self.say.names(needing))
        lines = [line]
        here = self.current(state)
        if here is not None:
            back_in = tuple(set(needing) - set(self.left_out(state)))
            state = rules.keep_place(state, places.bring_back(here, back_in), facts.now)
            behind = [i for i in back_in if i < here.exercise]
            if behind:
                name = self.routine.exercises[behind[0]].name
                lines.append(self.say.line("brought_back_behind", name=name))
        return self.reply(state, facts, lines, [self.say.line("keep_going")])

    def on_forget(self, state: State, action: Action, facts: Facts) -> Outcome:
        lines = [self.say.line("forget_confirm")]
        again = [self.say.line("forget_confirm_reprompt")]
        return self.reply(state, facts, lines, again, pending="forget")
