"""What the device's audio player reports while a stream plays: keep the place and offset,
queue what comes next, and record the finish. Also the requests that want no words at all."""

from __future__ import annotations

from dataclasses import replace

from skill.core import place as places
from skill.core import profile as rules
from skill.core.actions import INTRO, PART, Action, Clip, Facts, Outcome, Play
from skill.core.coach_base import CoachBase
from skill.core.place import Place
from skill.core.profile import HANDS_FREE, State


class Playback(CoachBase):
    """Player events: each takes (state, action, facts) and returns an Outcome."""

    def playing(self, state: State, action: Action) -> Place | None:
        """The place an event's clip stands for, while hands free; None for anything else."""
        clip = action.clip
        if state.mode != HANDS_FREE or clip is None or clip.kind not in (PART, INTRO):
            return None
        if clip.place is None:
            return None
        skipped = state.place.skipped if state.place else self.left_out(state)
        return replace(clip.place, skipped=skipped)

    def on_playback_started(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        if here is None:
            return self.nothing(state)
        here = here.at(action.offset_ms, here.intro)
        return Outcome(replace(rules.keep_place(state, here, facts.now), paused=False))

    def on_playback_stopped(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        # A stop for a clip we have since moved away from (a "next" replaced it) says nothing.
        if here is None or not here.same_part(state.place):
            return self.nothing(state)
        return Outcome(rules.keep_place(state, here.at(action.offset_ms, here.intro), facts.now))

    def on_playback_nearly_finished(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        if here is None or action.clip is None:
            return self.nothing(state)
        following = self.following(action.clip, self.left_out(state))
        if following is not None:
            return Outcome(state, play=Play(following, after=action.clip))
        # The last part: queue the send-off that will fit once this warm-up is recorded.
        end = places.finished(here, self.shape)
        _, tally, recorded = self.record(state, end, facts)
        key = self.say.send_off_key(*tally)
        if recorded and key in self.manifest.send_offs:
            return Outcome(state, play=Play(Clip("send_off", send_off=key), after=action.clip))
        return self.nothing(state)

    def on_playback_finished(self, state: State, action: Action, facts: Facts) -> Outcome:
        here = self.playing(state, action)
        if here is None or action.clip is None or not here.same_part(state.place):
            return self.nothing(state)
        following = self.following(action.clip, self.left_out(state))
        if following is not None and following.place is not None:
            return Outcome(rules.keep_place(state, following.place, facts.now))
        end = places.finished(here, self.shape)
        state, _, recorded = self.record(state, end, facts)
        state = replace(rules.keep_place(state, end, facts.now), paused=False)
        return Outcome(state, recorded=recorded)

    def on_playback_failed(self, state: State, action: Action, facts: Facts) -> Outcome:
        return Outcome(state, notes=("the device could not play a clip",))

    def on_session_ended(self, state: State, action: Action, facts: Facts) -> Outcome:
        return self.nothing(state)

    def on_skill_disabled(self, state: State, action: Action, facts: Facts) -> Outcome:
        return Outcome(rules.State(), forget=True)

    def on_ignore(self, state: State, action: Action, facts: Facts) -> Outcome:
        return self.nothing(state)
