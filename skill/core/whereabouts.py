"""Where the runner is and what lies ahead: which exercise, what's next, which foot, how long.
Answers that leave the place alone, from the stored place (and, hands free, its offset)."""

from __future__ import annotations

from skill.core import place as places
from skill.core.actions import INTRO, Action, Clip, Facts, Outcome
from skill.core.coach_base import CoachBase
from skill.core.profile import State


class Whereabouts(CoachBase):
    """Answers about the place: each takes (state, action, facts) and returns an Outcome."""

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

    def on_whats_next(self, state: State, action: Action, facts: Facts) -> Outcome:
        """What comes after this, without moving there."""
        here = self.current(state)
        if here is None:
            if state.place is not None:
                return self.reply(state, facts, [self.say.line("where_finished")])
            first = self.fresh(state)
            line = self.say.line("first_up", name=self.say.exercise(first).name)
            return self.reply(state, facts, [line])
        following = places.next_part(here.at(0), self.shape, self.left_out(state))
        if places.is_finished(following, self.shape):
            return self.reply(state, facts, [self.say.line("next_is_finish")])
        if following.exercise == here.exercise:
            line = self.say.line("next_is_part", label=self.say.part(following).label)
        else:
            line = self.say.line("next_is", name=self.say.exercise(following).name)
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
        if self.part_played(state, facts):  # guided, and this part has played: from the next
            place = places.next_part(place, self.shape, self.left_out(state))
            if place.exercise != here.exercise and not places.is_finished(place, self.shape):
                total += self.clip_ms(Clip(INTRO, place))
        while not places.is_finished(place, self.shape):
            total += self.say.part(place).duration_ms
            following = places.next_part(place, self.shape, self.left_out(state))
            if following.exercise != place.exercise and not places.is_finished(
                following, self.shape
            ):
                total += self.clip_ms(Clip(INTRO, following))  # the intro Alexa says first
            place = following
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
        if self.part_played(state, facts):  # guided, and this part has played: what's next
            following = places.next_part(here.at(0), self.shape, self.left_out(state))
            if following.exercise != here.exercise or places.is_finished(following, self.shape):
                return self.reply(state, facts, [self.say.line("which_foot_done")])
            side = self.say.side(self.say.part(following).side_at(0)[0])
            return self.reply(state, facts, [self.say.line("which_foot_next", side=side)])
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
