"""The coach: one function from (state, action, facts) to an outcome. No Alexa, no Flask.

`Coach.decide` is the whole behaviour of the skill. It first settles the state with the facts
of the moment (a question asked in another session is dropped; while hands free, the place is
how far the device reports our stream got, when the report belongs to the runner's stream),
then hands the action to one method, `on_<action>`. Those live by concern: moves through the
routine (steps.py), questions that leave the place alone (questions.py, whereabouts.py), what
is remembered (preferences.py) and the device's audio player (playback.py); coach_base.py holds
what they share.
"""

from __future__ import annotations

from dataclasses import replace

from skill.core import profile as rules
from skill.core.actions import EVENTS, Action, Facts, Outcome
from skill.core.playback import Playback
from skill.core.preferences import Preferences
from skill.core.profile import HANDS_FREE, State
from skill.core.questions import Questions
from skill.core.steps import Steps
from skill.core.whereabouts import Whereabouts

# Actions that tell the runner an old place has lapsed before starting afresh.
FRESH_STARTS = {"launch", "start", "resume", "hands_free", "playback_started", "playback_stopped"}
# What a device reports while one of our clips is loaded, playing or not.
ACTIVE = {"PLAYING", "PAUSED", "STOPPED", "BUFFER_UNDERRUN"}


class Coach(Steps, Questions, Whereabouts, Preferences, Playback):
    """Every decision of the skill, for one locale's routine, audio and words."""

    def decide(self, state: State, action: Action, facts: Facts) -> Outcome:
        """The new state and what to do about this action, at this moment."""
        state = self.settle(state, action, facts)
        if action.heard and state.pending and not (action.exercise or action.pace or action.item):
            # "The wobbly one" in answer to "which exercise?": words we do not know, so the
            # question is asked again, not a different one.
            action = Action("fallback")
        if not facts.can_speak and action.name not in EVENTS and not self.streaming(state, facts):
            # A playback button with no stream of ours to steer: nothing can be said either.
            return self.nothing(state)
        outcome: Outcome = getattr(self, f"on_{action.name}")(state, action, facts)
        if not facts.can_speak:
            # Player events and buttons may be answered with player directives only.
            outcome = replace(
                outcome, speech=(), audio=None, after=(), reprompt=(), session=None, show=None
            )
        return outcome

    def settle(self, state: State, action: Action, facts: Facts) -> State:
        """The state as of this request, before the action is considered."""
        if facts.time_zone and not state.time_zone:
            state = replace(state, time_zone=facts.time_zone)
        # A question belongs to the session that asked it; requests without a session (player
        # events) leave it alone, since the runner may still answer.
        if state.pending and facts.session is not None and state.pending.session != facts.session:
            state = replace(state, pending=None)
        # A place left too long ago is not this session's: questions and moves start afresh.
        # (Launching, starting, continuing and going hands free say so, then start over.)
        lapsed = facts.new_session and rules.lapsed(state, self.shape, facts.now)
        if lapsed and action.name not in FRESH_STARTS:
            state = replace(state, place=None, saved_at=None)
        # While hands free, the device's report of our stream says how far it got; a report
        # that is not this stream's (finished, lapsed, behind, another device's) is ignored.
        report = facts.player
        if (
            action.name not in EVENTS
            and state.mode == HANDS_FREE
            and not lapsed
            and report is not None
            and report.activity in ACTIVE
        ):
            here = self.heard(state, report.clip, report.offset_ms)
            if here is not None and self.in_stream(state, here):
                state = rules.keep_place(state, here, facts.now)
        return state
