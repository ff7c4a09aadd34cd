"""Thin ask-sdk handlers: read the request, move the position, ask the coach what to say.

Registration order (see HANDLER_ORDER at the bottom) is dispatch order.
"""

from __future__ import annotations

import logging
from copy import deepcopy
from dataclasses import replace
from datetime import date
from typing import Any

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type, get_slot, is_intent_name, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.alexa.memory import Memory
from skill.alexa.replies import Coach, Reply
from skill.alexa.screens import render_directive, supports_apl
from skill.alexa.time_zones import local_date
from skill.core import place as progress
from skill.core import profile as memory_rules
from skill.core.place import Position
from skill.core.profile import Profile
from skill.storage.store import StaleWriteError

log = logging.getLogger(__name__)

POSITION_KEY = "position"
PENDING_KEY = "pending"  # a yes/no question waiting for its answer: "resume" or "forget"
SPEAKABLE_REQUESTS = {"LaunchRequest", "IntentRequest"}


# -- session state ----------------------------------------------------------------------


def _session_attributes(handler_input: HandlerInput) -> dict[str, Any] | None:
    """The session's attributes, or None for a request that has no (usable) session."""
    if handler_input.request_envelope.session is None:
        return None
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if isinstance(attributes, dict) else None


def load_position(handler_input: HandlerInput, coach: Coach) -> Position | None:
    """The runner's place from the session, or None if the routine has not started."""
    attributes = _session_attributes(handler_input)
    if attributes is None:
        return None
    return Position.from_dict(attributes.get(POSITION_KEY), coach.shape)


def save_position(handler_input: HandlerInput, position: Position | None) -> None:
    """Keep the place in the session attributes Alexa hands back next turn."""
    if handler_input.request_envelope.session is None:
        return
    if not isinstance(handler_input.attributes_manager.session_attributes, dict):
        handler_input.attributes_manager.session_attributes = {}
    attributes = handler_input.attributes_manager.session_attributes
    if position is None:
        attributes.pop(POSITION_KEY, None)
    else:
        attributes[POSITION_KEY] = position.to_dict()


def respond(handler_input: HandlerInput, reply: Reply) -> Response:
    """Render a Reply into the SDK's response."""
    builder = handler_input.response_builder
    builder.speak(reply.speech.ssml())
    if reply.reprompt is not None and not reply.end_session:
        builder.ask(reply.reprompt.ssml())
    builder.set_should_end_session(reply.end_session)
    return builder.response


def slot_id(handler_input: HandlerInput, slot_name: str, known: dict[str, str]) -> str | None:
    """The resolved id of a slot: entity resolution first, else the spoken words matched."""
    try:
        slot = get_slot(handler_input, slot_name)
    except (TypeError, AttributeError):
        return None
    if slot is None:
        return None
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            resolved = authority.values[0].value.id
            if resolved in known.values():
                return resolved
    spoken = " ".join(str(slot.value or "").lower().split())
    return known.get(spoken)


class CoachHandler(AbstractRequestHandler):
    """A request handler that knows the coach; subclasses say which requests they take."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def position(self, handler_input: HandlerInput) -> Position | None:
        return load_position(handler_input, self.coach)

    def memory(self, handler_input: HandlerInput) -> Memory:
        """The runner's remembered profile, loaded once per request."""
        attributes = handler_input.attributes_manager.request_attributes
        if "memory" not in attributes:
            attributes["memory"] = Memory(handler_input, self.coach.shape)
        return attributes["memory"]

    def go(
        self,
        handler_input: HandlerInput,
        position: Position | None,
        reply: Reply,
        pending: str | None = None,
    ) -> Response:
        """Keep the place in the store, then in the session, then answer."""
        # The store first: if it fails, the session must not have moved on either.
        memory = self.memory(handler_input)
        if position is not None and memory.enabled:
            known = memory.profile
            if progress.is_finished(position, self.coach.shape):
                updated = memory_rules.forget_position(known)
            elif known.position != position:
                updated = memory_rules.remember_position(known, position, self.coach.clock())
            else:
                updated = known
            memory.save(updated)
        save_position(handler_input, position)
        if position is not None and reply.speech.audio_tags and supports_apl(handler_input):
            screen = self.coach.screen(position, reply.spoken_before_audio)
            handler_input.response_builder.add_directive(render_directive(screen))
        attributes = _session_attributes(handler_input)
        if attributes is not None:
            if pending:
                attributes[PENDING_KEY] = pending
            else:
                attributes.pop(PENDING_KEY, None)
        return respond(handler_input, reply)

    def answer(
        self, handler_input: HandlerInput, position: Position | None, prompt_id: str
    ) -> Response:
        """Say one prompt, keep the place and keep listening."""
        return self.go(handler_input, position, self.coach.ask(self.coach.say(prompt_id)))

    def fresh_start(self, handler_input: HandlerInput, pace: str | None = None) -> Position:
        """Exercise one (or the first one not left out) at the remembered pace."""
        known = self.memory(handler_input).profile
        leave_out = self.coach.routine.needing(known.left_out)
        return progress.start(pace or known.pace or "standard", self.coach.shape, leave_out)

    def begin(
        self, handler_input: HandlerInput, pace: str | None = None, lead: str | None = None
    ) -> Response:
        """Start at exercise one with a welcome, straight into the first part."""
        position = self.fresh_start(handler_input, pace)
        if lead is None:
            returning = bool(self.memory(handler_input).profile.history)
            lead = self.coach.say(
                "welcome_back"
                if returning
                else "welcome_quick"
                if position.pace == "quick"
                else "welcome"
            )
        return self.go(handler_input, position, self.coach.part(position, lead))

    def today(self, handler_input: HandlerInput, known: Profile) -> tuple[Profile, date]:
        """Today in the runner's time zone (asked of Alexa once, then remembered)."""
        zone = known.time_zone
        if zone is None and self.coach.zone_lookup is not None:
            system = handler_input.request_envelope.context.system
            device = getattr(getattr(system, "device", None), "device_id", None)
            endpoint = getattr(system, "api_endpoint", None)
            token = getattr(system, "api_access_token", None)
            if device and endpoint and token:
                zone = self.coach.zone_lookup(endpoint, device, token)
                if zone:
                    known = replace(known, time_zone=zone)
        return known, local_date(self.coach.clock(), zone)

    def advance(self, handler_input: HandlerInput, following: Position, lead: str = "") -> Response:
        """Play the part at `following`, or finish (recording the warm-up) if it is the end."""
        if not progress.is_finished(following, self.coach.shape):
            return self.go(handler_input, following, self.coach.part(following, lead))
        tally = self.record_finish(handler_input, following)
        return self.go(handler_input, following, self.coach.finish(following, lead, tally))

    def record_finish(self, handler_input: HandlerInput, finished: Position) -> str:
        """Add the finished warm-up to the history; the streak or week line to say."""
        memory = self.memory(handler_input)
        if not memory.enabled:
            return ""
        known, today = self.today(handler_input, memory.profile)
        ids = [e.id for e in self.coach.routine.exercises]
        done, skipped = progress.done_and_skipped(finished, len(ids))
        known = memory_rules.record_finish(
            known, finished.pace, [ids[i] for i in done], [ids[i] for i in skipped], today
        )
        memory.save(known)
        return self.coach.tally(
            memory_rules.streak(known.history, today),
            memory_rules.this_week(known.history, today),
        )

    def pending(self, handler_input: HandlerInput) -> str | None:
        attributes = _session_attributes(handler_input)
        return attributes.get(PENDING_KEY) if attributes else None

    def resume_stored(self, handler_input: HandlerInput) -> Response:
        """A new session asked to continue: the remembered place, if there is a recent one."""
        known = self.memory(handler_input).profile
        now = self.coach.clock()
        offer = memory_rules.resumable(known, self.coach.shape, now)
        if offer is not None:
            lead = self.coach.say("resume", name=self.coach.where(offer))
            return self.go(handler_input, offer, self.coach.part(offer, lead))
        if memory_rules.lapsed(known, self.coach.shape, now):
            return self.begin(handler_input, lead=self.coach.say("resume_lapsed"))
        return self.begin(handler_input, lead=self.coach.say("resume_fresh"))


def intent_handler(*intent_names: str):
    """Make a handler class match any of these intents."""

    def decorate(cls: type[CoachHandler]) -> type[CoachHandler]:
        def can_handle(self: Any, handler_input: HandlerInput) -> bool:
            return any(is_intent_name(name)(handler_input) for name in intent_names)

        cls.can_handle = can_handle  # type: ignore[method-assign]
        cls.intent_names = intent_names  # type: ignore[attr-defined]
        return cls

    return decorate


# -- starting ---------------------------------------------------------------------------


class LaunchRequestHandler(CoachHandler):
    """Launch ("Alexa, start my foot warm up"): straight into exercise one, no extra question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        known = self.memory(handler_input).profile
        now = self.coach.clock()
        offer = memory_rules.resumable(known, self.coach.shape, now)
        if offer is not None:
            where = self.coach.where(offer)
            reply = self.coach.ask(
                self.coach.say("resume_offer", where=where),
                self.coach.say("resume_offer_reprompt", where=where),
            )
            return self.go(handler_input, offer, reply, pending="resume")
        if memory_rules.lapsed(known, self.coach.shape, now):
            return self.begin(handler_input, lead=self.coach.say("resume_lapsed"))
        return self.begin(handler_input)


@intent_handler("StartRoutineIntent")
class StartRoutineIntentHandler(CoachHandler):
    """Start, unless a routine is already under way."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.begin(handler_input, position.pace if position else None)
        if self.pending(handler_input) == "resume":
            return self.begin(handler_input, position.pace)
        text = self.coach.say("already_started", name=self.coach.where(position))
        return self.go(handler_input, position, self.coach.ask(text))


# -- moving through the routine ---------------------------------------------------------


@intent_handler("AMAZON.NextIntent", "NextExerciseIntent")
class NextIntentHandler(CoachHandler):
    """Done with this part: on to the next part, exercise, or the finish."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        if self.pending(handler_input) == "resume":
            lead = self.coach.say("resume", name=self.coach.where(position))
            return self.go(handler_input, position, self.coach.part(position, lead))
        return self.advance(handler_input, progress.next_part(position, self.coach.shape))


@intent_handler("SkipExerciseIntent")
class SkipExerciseIntentHandler(CoachHandler):
    """Leave out the rest of this exercise."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        lead = self.coach.say("skipping", name=self.coach.exercise(position).name)
        following = progress.skip_exercise(position, self.coach.shape)
        return self.advance(handler_input, following, lead)


@intent_handler("AMAZON.PreviousIntent")
class PreviousIntentHandler(CoachHandler):
    """One step back; on the first exercise, that exercise again."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if position.exercise == 0 and position.part == 0:
            lead = self.coach.say("previous_at_start")
            return self.go(handler_input, position, self.coach.part(position, lead))
        back = progress.previous(position, self.coach.shape)
        return self.go(handler_input, back, self.coach.part(back))


@intent_handler("AMAZON.RepeatIntent")
class RepeatIntentHandler(CoachHandler):
    """Play the current part again from its start."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.begin(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        return self.go(handler_input, position, self.coach.part(position, self.coach.say("repeat")))


@intent_handler("AMAZON.StartOverIntent")
class StartOverIntentHandler(CoachHandler):
    """Back to exercise one at the same pace."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        return self.begin(handler_input, position.pace if position else None)


@intent_handler("GoToExerciseIntent")
class GoToExerciseIntentHandler(CoachHandler):
    """Jump to an exercise by name."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input) or progress.start()
        known = {}
        for exercise in self.coach.routine.exercises:
            for word in (exercise.name, *exercise.synonyms):
                known[word.lower()] = exercise.id
        chosen = slot_id(handler_input, "exercise", known)
        if chosen is None:
            text = self.coach.say("exercise_unknown", names=self.coach.exercise_names())
            stay = self.position(handler_input)
            return self.go(handler_input, stay, self.coach.ask(text))
        target = progress.go_to(position, self.coach.routine.index_of(chosen), self.coach.shape)
        return self.go(handler_input, target, self.coach.part(target, self.coach.say("going_to")))


@intent_handler("ChangePaceIntent")
class ChangePaceIntentHandler(CoachHandler):
    """Switch between the full and the quick warm up."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        known = {"quick": "quick", "standard": "standard", "full": "standard"}
        pace = slot_id(handler_input, "pace", known)
        if pace is None:
            return self.answer(handler_input, position, "pace_unknown")
        pace_name = self.coach.routine.pace_names[pace]
        memory = self.memory(handler_input)
        if memory.enabled:
            memory.save(replace(memory.profile, pace=pace))
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.begin(handler_input, pace)
        if position.pace == pace:
            lead = self.coach.say("pace_same", pace_name=pace_name)
            return self.go(
                handler_input, position, self.coach.ask(lead, self.coach.say("after_part"))
            )
        changed = progress.change_pace(position, pace, self.coach.shape)
        lead = self.coach.say("pace_changed", pace_name=pace_name)
        return self.go(handler_input, changed, self.coach.part(changed, lead))


@intent_handler("AMAZON.PauseIntent")
class PauseIntentHandler(CoachHandler):
    """Hold the place and wait for resume."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "pause_not_started")
        text = self.coach.say("pause", name=self.coach.where(position))
        reply = self.coach.ask(text, self.coach.say("pause_reprompt"))
        return self.go(handler_input, position, reply)


@intent_handler("AMAZON.ResumeIntent", "ResumeRoutineIntent")
class ResumeIntentHandler(CoachHandler):
    """Restart the current part (SSML audio cannot resume mid-clip)."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.resume_stored(handler_input)
        if progress.is_finished(position, self.coach.shape):
            return self.answer(handler_input, position, "already_finished")
        lead = self.coach.say("resume", name=self.coach.where(position))
        return self.go(handler_input, position, self.coach.part(position, lead))


# -- questions --------------------------------------------------------------------------


class QuestionHandler(CoachHandler):
    """A question about the routine: answered by one coach method, the place unchanged."""

    answer_with: str

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        answer = getattr(self.coach, self.answer_with)
        return self.go(handler_input, position, answer(position))


@intent_handler("ProgressIntent")
class ProgressIntentHandler(QuestionHandler):
    """Where am I, how many are left."""

    answer_with = "progress"


@intent_handler("HowToIntent")
class HowToIntentHandler(QuestionHandler):
    """The longer how-to of the current exercise."""

    answer_with = "how_to"


@intent_handler("AboutIntent")
class AboutIntentHandler(QuestionHandler):
    """Who made the routine."""

    answer_with = "about"


@intent_handler("AMAZON.HelpIntent")
class HelpIntentHandler(QuestionHandler):
    """Help that fits where the runner is."""

    answer_with = "help"


@intent_handler("AMAZON.YesIntent", "AMAZON.NoIntent")
class YesNoIntentHandler(CoachHandler):
    """Answers to "continue or start over?" and "forget everything?"."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        pending = self.pending(handler_input)
        yes = is_intent_name("AMAZON.YesIntent")(handler_input)
        if pending == "resume" and position is not None:
            if yes:
                lead = self.coach.say("resume", name=self.coach.where(position))
                return self.go(handler_input, position, self.coach.part(position, lead))
            return self.begin(handler_input, position.pace)
        if pending == "forget":
            if yes:
                self.memory(handler_input).forget()
                return self.go(handler_input, None, self.coach.tell(self.coach.say("forgotten")))
            return self.go(handler_input, position, self.coach.ask(self.coach.say("not_forgotten")))
        return self.answer(handler_input, position, "yes_no_nothing_asked")


# -- memory: history, preferences, privacy ----------------------------------------------


@intent_handler("WeekCountIntent")
class WeekCountIntentHandler(CoachHandler):
    """How many warm-ups this week, and the streak."""

    def handle(self, handler_input: HandlerInput) -> Response:
        memory = self.memory(handler_input)
        known, today = self.today(handler_input, memory.profile)
        memory.save(known)
        reply = self.coach.week_summary(
            memory_rules.streak(known.history, today), memory_rules.this_week(known.history, today)
        )
        return self.go(handler_input, self.position(handler_input), reply)


class EquipmentHandler(CoachHandler):
    """Shared by leaving out and bringing back equipment."""

    def item(self, handler_input: HandlerInput) -> str | None:
        known = {name.lower(): item_id for item_id, name in self.coach.routine.equipment.items()}
        known.update({item_id.replace("_", " "): item_id for item_id in known.values()})
        return slot_id(handler_input, "equipment", known)


@intent_handler("LeaveOutEquipmentIntent")
class LeaveOutEquipmentIntentHandler(EquipmentHandler):
    """ "I don't have a lacrosse ball": leave out what needs it, until asked back."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        item = self.item(handler_input)
        if item is None:
            return self.answer(handler_input, position, "equipment_unknown")
        name = self.coach.routine.equipment[item]
        needing = self.coach.routine.needing([item])
        if not needing:
            return self.go(
                handler_input, position, self.coach.ask(self.coach.say("left_out_none", item=name))
            )
        memory = self.memory(handler_input)
        exercises = self.coach.names_of(needing)
        if item in memory.profile.left_out:
            text = self.coach.say("left_out_already", exercises=exercises, item=name)
        else:
            memory.save(replace(memory.profile, left_out=(*memory.profile.left_out, item)))
            text = self.coach.say("left_out", exercises=exercises, item=name)
        if position is None or progress.is_finished(position, self.coach.shape):
            return self.go(handler_input, position, self.coach.ask(text))
        skipped = tuple(sorted(set(position.skipped) | set(needing)))
        position = replace(position, skipped=skipped)
        if position.exercise in needing:
            following = progress.skip_exercise(position, self.coach.shape)
            return self.advance(handler_input, following, text)
        reply = self.coach.ask(
            f"{text} {self.coach.say('keep_going')}", self.coach.say("keep_going")
        )
        return self.go(handler_input, position, reply)


@intent_handler("BringBackEquipmentIntent")
class BringBackEquipmentIntentHandler(EquipmentHandler):
    """ "I found my lacrosse ball": its exercises are back in."""

    def handle(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        item = self.item(handler_input)
        if item is None:
            return self.answer(handler_input, position, "equipment_unknown")
        name = self.coach.routine.equipment[item]
        memory = self.memory(handler_input)
        needing = self.coach.routine.needing([item])
        if item not in memory.profile.left_out or not needing:
            text = self.coach.say("brought_back_none", item=name)
        else:
            left_out = tuple(x for x in memory.profile.left_out if x != item)
            memory.save(replace(memory.profile, left_out=left_out))
            text = self.coach.say("brought_back", exercises=self.coach.names_of(needing))
        if position is not None and not progress.is_finished(position, self.coach.shape):
            still_out = set(self.coach.routine.needing(memory.profile.left_out))
            back_in = set(needing) - still_out
            # Only the ones still ahead come back; what is behind stays skipped.
            skipped = tuple(
                s for s in position.skipped if not (s in back_in and s > position.exercise)
            )
            position = replace(position, skipped=skipped)
        return self.go(handler_input, position, self.coach.ask(text, self.coach.say("keep_going")))


@intent_handler("ForgetHistoryIntent")
class ForgetHistoryIntentHandler(CoachHandler):
    """ "Forget my history": asks first."""

    def handle(self, handler_input: HandlerInput) -> Response:
        reply = self.coach.ask(
            self.coach.say("forget_confirm"), self.coach.say("forget_confirm_reprompt")
        )
        return self.go(handler_input, self.position(handler_input), reply, pending="forget")


class SkillDisabledHandler(CoachHandler):
    """The runner disabled the skill: delete what we kept about them."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        self.memory(handler_input).forget()
        log.info("skill disabled: user data deleted")
        return handler_input.response_builder.response


@intent_handler(
    "AMAZON.LoopOnIntent",
    "AMAZON.LoopOffIntent",
    "AMAZON.ShuffleOnIntent",
    "AMAZON.ShuffleOffIntent",
)
class LoopShuffleIntentHandler(CoachHandler):
    """Player commands that make no sense for a warm-up, which always runs in order."""

    def handle(self, handler_input: HandlerInput) -> Response:
        reply = self.coach.tell(self.coach.say("in_order_only"))
        if handler_input.request_envelope.session is not None and self.position(handler_input):
            reply = self.coach.ask(self.coach.say("in_order_only"), self.coach.say("keep_going"))
        return self.go(handler_input, self.position(handler_input), reply)


# -- leaving ----------------------------------------------------------------------------


@intent_handler("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
class StopIntentHandler(QuestionHandler):
    """A short goodbye that says where they stopped."""

    answer_with = "goodbye"


class SessionEndedRequestHandler(CoachHandler):
    """Alexa closed the session: an empty response is all it accepts."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        log.info("session ended: %s", getattr(request, "reason", None))
        return handler_input.response_builder.response


@intent_handler("AMAZON.FallbackIntent")
class FallbackIntentHandler(QuestionHandler):
    """Unmatched words: say what can be said now."""

    answer_with = "fallback"


class CatchAllRequestHandler(CoachHandler):
    """Anything else: speak a fallback where speech is allowed, else an empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = get_request_type(handler_input)
        log.info("no handler for %s", request_type)
        if request_type not in SPEAKABLE_REQUESTS:
            return handler_input.response_builder.response
        position = self.position(handler_input)
        return self.go(handler_input, position, self.coach.fallback(position))


class ApologyExceptionHandler(AbstractExceptionHandler):
    """A failure inside a verified request: log it and apologise briefly in speech."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # A lost race for the runner's record is retried by the endpoint, not apologised for.
        return not isinstance(exception, StaleWriteError)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("error while handling a request", exc_info=exception)
        session = handler_input.request_envelope.session
        if session is not None:
            # Answer with the place the runner had, not one half-moved by the failed request.
            original = session.attributes if isinstance(session.attributes, dict) else {}
            handler_input.attributes_manager.session_attributes = deepcopy(original)
        builder = handler_input.response_builder
        try:
            request_type = get_request_type(handler_input)
        except Exception:  # noqa: BLE001 - a request too broken to read still gets an answer
            request_type = None
        if request_type not in SPEAKABLE_REQUESTS:
            return builder.response
        builder.speak(self.coach.say("error")).ask(self.coach.say("error"))
        builder.set_should_end_session(False)
        return builder.response


# Dispatch order: specific intents first, the catch-all last.
HANDLER_ORDER: tuple[type[CoachHandler], ...] = (
    LaunchRequestHandler,
    StartRoutineIntentHandler,
    NextIntentHandler,
    SkipExerciseIntentHandler,
    PreviousIntentHandler,
    RepeatIntentHandler,
    StartOverIntentHandler,
    GoToExerciseIntentHandler,
    ChangePaceIntentHandler,
    PauseIntentHandler,
    ResumeIntentHandler,
    ProgressIntentHandler,
    HowToIntentHandler,
    AboutIntentHandler,
    HelpIntentHandler,
    YesNoIntentHandler,
    LoopShuffleIntentHandler,
    WeekCountIntentHandler,
    LeaveOutEquipmentIntentHandler,
    BringBackEquipmentIntentHandler,
    ForgetHistoryIntentHandler,
    SkillDisabledHandler,
    StopIntentHandler,
    FallbackIntentHandler,
    SessionEndedRequestHandler,
    CatchAllRequestHandler,
)


def handled_intents() -> set[str]:
    """Every intent name some handler takes, for the model cross-check."""
    return {name for cls in HANDLER_ORDER for name in getattr(cls, "intent_names", ())}
