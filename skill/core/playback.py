"""What the device's audio player reports while a stream plays: keep the place and offset,
queue what comes next, and record the finish. Also the requests that want no words at all."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import SEND_OFF, Action, Clip, Facts, Outcome, Play
from skill.core.coach_base import CoachBase
from skill.core.place import Place
from skill.core.profile import HANDS_FREE, State
from skill.core.replies import FINISH_ALL, FINISH_SOME


class Playback(CoachBase):
    """Player events: each takes (state, action, facts) and returns an Outcome."""

    def playing(self, state: State, action: Action) -> Place | None:
        """The place an event's clip stands for, at the event's offset, while hands free and
        only if it belongs to the runner's stream; None for anything else (a late event)."""
        if state.mode != HANDS_FREE:
            return None
        here = self.heard(state, action.clip, action.offset_ms)
        if here is None or not self.in_stream(state, here):
            return None
        return here

    def on_playback_started(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        if here is None:
            return self.nothing(state)
        return Outcome(replace(rules.keep_place(state, here, facts.now), paused=False))

    def on_playback_stopped(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        # A stop for a clip we have since moved away from (a "next" replaced it) says nothing.
        if here is None or not here.same_part(state.place):
            return self.nothing(state)
        return Outcome(rules.keep_place(state, here, facts.now))

    def on_playback_nearly_finished(self, state: State, action: Action, facts: Facts) -> Outcome:
        if action.clip is not None and action.clip.kind == SEND_OFF:
            return self.tally_after(state, action, facts)
        here = self.playing(state, action)
        if here is None or action.clip is None:
            return self.nothing(state)
        following = self.following(
            Clip(action.clip.kind, here.at(0, here.intro)), self.left_out(state)
        )
        if following is not None:
            return Outcome(state, play=Play(following, after=action.clip))
        # The last part: queue how it went; the tally follows once the finish is recorded.
        end = places.finished(here, self.shape)
        key = self.say.finish_key(end)
        if key in self.manifest.send_offs:
            return Outcome(state, play=Play(Clip(SEND_OFF, send_off=key), after=action.clip))
        return self.nothing(state)

    def on_playback_finished(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        if here is None or action.clip is None or not here.same_part(state.place):
            return self.nothing(state)
        following = self.following(
            Clip(action.clip.kind, here.at(0, here.intro)), self.left_out(state)
        )
        if following is not None and following.place is not None:
            return Outcome(rules.keep_place(state, following.place, facts.now))
        end = places.finished(here, self.shape)
        state, _, recorded = self.record(state, end, facts)
        state = replace(rules.keep_place(state, end, facts.now), paused=False)
        return Outcome(state, recorded=recorded)

    def tally_after(self, state: State, action: Action, facts: Facts) -> Outcome:
        """After "all six, done" (or "the end of the list"), the streak or the week's count."""
        clip = action.clip
        if clip is None or clip.send_off not in (FINISH_ALL, FINISH_SOME):
            return self.nothing(state)
        recorded = state.history and state.history[-1].day == facts.today
        if state.mode != HANDS_FREE or self.current(state) or state.place is None or not recorded:
            return self.nothing(state)
        key = self.say.send_off_key(*self.tallies(state, facts))
        if key not in self.manifest.send_offs:
            return self.nothing(state)
        return Outcome(state, play=Play(Clip(SEND_OFF, send_off=key), after=clip))

    def on_playback_failed(self, state: State, action: Action, facts: Facts) -> Outcome:
        """A clip that failed part-way (an offset the device would not seek to) is tried once
        more from its start; one that failed from the start is not retried in a loop."""
        note = ("the device could not play a clip",)
        here = self.playing(state, action)
        if here is None or action.offset_ms <= 0 or action.clip is None:
            return Outcome(state, notes=note)
        clip = Clip(action.clip.kind, here.at(0, here.intro))
        return Outcome(rules.keep_place(state, here.at(0, here.intro), facts.now), play=Play(clip))

    def on_skill_disabled(self, state: State, action: Action, facts: Facts) -> Outcome:
        return Outcome(rules.State(), forget=True)

    def on_ignore(self, state: State, action: Action, facts: Facts) -> Outcome:
        return self.nothing(state)
