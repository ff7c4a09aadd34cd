"""The one table from what arrives (a spoken intent, a device button, a screen button, a player
event) to the coach's action, so a command means one thing however it is given."""

from __future__ import annotations

from functools import cache

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa import requests
from skill.alexa.tokens import decode
from skill.core.actions import Action
from skill.core.coach import Coach

INTENTS = {
    "StartRoutineIntent": "start",
    "AMAZON.NextIntent": "next",
    "NextExerciseIntent": "next",
    "SkipExerciseIntent": "skip",
    "AMAZON.PreviousIntent": "previous",
    "GoBackIntent": "previous",
    "AMAZON.RepeatIntent": "repeat",
    "AgainIntent": "repeat",
    "AMAZON.StartOverIntent": "start_over",
    "StartFreshIntent": "start_over",
    "GoToExerciseIntent": "go_to",
    "ChangePaceIntent": "pace",
    "HurryIntent": "pace",
    "AMAZON.PauseIntent": "pause",
    "HoldOnIntent": "pause",
    "AMAZON.ResumeIntent": "resume",
    "ResumeRoutineIntent": "resume",
    "PlayRoutineIntent": "hands_free",
    "StepByStepIntent": "step_by_step",
    "AMAZON.YesIntent": "yes",
    "AMAZON.NoIntent": "no",
    "AnswerIntent": "answer",
    "ProgressIntent": "where",
    "WhatsNextIntent": "whats_next",
    "WhyIntent": "why",
    "TimeLeftIntent": "time_left",
    "HowLongIntent": "how_long",
    "WhichFootIntent": "which_foot",
    "WhatDoINeedIntent": "what_i_need",
    "HowToIntent": "how_to",
    "AboutIntent": "about",
    "AMAZON.HelpIntent": "help",
    "WeekCountIntent": "week",
    "LeaveOutEquipmentIntent": "leave_out",
    "BringBackEquipmentIntent": "bring_back",
    "ForgetHistoryIntent": "forget",
    "HurtsIntent": "hurts",
    "AMAZON.LoopOnIntent": "in_order_only",
    "AMAZON.LoopOffIntent": "in_order_only",
    "AMAZON.ShuffleOnIntent": "in_order_only",
    "AMAZON.ShuffleOffIntent": "in_order_only",
    "AMAZON.FallbackIntent": "fallback",
    "AMAZON.StopIntent": "stop",
    "EndIntent": "end",
    "ThanksIntent": "thanks",
    "AMAZON.CancelIntent": "cancel",
    "AMAZON.NavigateHomeIntent": "stop",
}
REQUESTS = {
    "LaunchRequest": "launch",
    "AlexaSkillEvent.SkillDisabled": "skill_disabled",
    "AudioPlayer.PlaybackStarted": "playback_started",
    "AudioPlayer.PlaybackStopped": "playback_stopped",
    "AudioPlayer.PlaybackNearlyFinished": "playback_nearly_finished",
    "AudioPlayer.PlaybackFinished": "playback_finished",
    "AudioPlayer.PlaybackFailed": "playback_failed",
    "PlaybackController.NextCommandIssued": "next",
    "PlaybackController.PreviousCommandIssued": "previous",
    "PlaybackController.PlayCommandIssued": "resume",
    "PlaybackController.PauseCommandIssued": "pause",
}
# The screen's buttons send their action as the UserEvent's first argument.
SCREEN_BUTTONS = {"next": "next", "previous": "previous", "pause": "pause", "resume": "resume"}


@cache
def known_words(coach: Coach) -> dict[str, dict[str, str]]:
    """Spoken words -> id for each slot, for when Alexa sends words without a resolution (each
    name with and without its article: fr-CA names its kit "la balle de lacrosse")."""
    routine = coach.routine
    exercises, paces, items = {}, {}, {}
    for exercise in routine.exercises:
        for word in (exercise.name, exercise.id.replace("_", " "), *exercise.synonyms):
            exercises[word.lower()] = exercise.id
    for pace, spoken in routine.pace_names.items():  # ids, and the locale's own names
        paces[pace] = paces[spoken.lower()] = pace
    for item_id, name in routine.equipment.items():
        items[name.lower()] = items[item_id.replace("_", " ")] = item_id
    table = {"exercise": exercises, "pace": paces, "equipment": items}
    for words in table.values():
        for word, found in list(words.items()):
            words.setdefault(requests.bare(word), found)
    return table


def action_for(handler_input: HandlerInput, coach: Coach) -> Action:
    """The action a request stands for."""
    kind = requests.request_type(handler_input)
    if kind == "IntentRequest":
        return _intent_action(handler_input, coach)
    if kind == "Alexa.Presentation.APL.UserEvent":
        arguments = requests.screen_arguments(handler_input)
        pressed = arguments[0] if arguments and isinstance(arguments[0], str) else None
        return Action(SCREEN_BUTTONS.get(pressed or "", "ignore"))
    name = REQUESTS.get(kind, "ignore")
    if kind.startswith("AudioPlayer."):
        raw, offset = requests.event_token(handler_input)
        manifest = coach.manifest
        clip = decode(raw, manifest.routine_version, manifest.locale, coach.shape)
        return Action(name, clip=clip, offset_ms=offset)
    return Action(name)


def _intent_action(handler_input: HandlerInput, coach: Coach) -> Action:
    name = INTENTS.get(requests.intent_name(handler_input) or "", "fallback")
    words = known_words(coach)
    exercise, heard_exercise = requests.slot_id(handler_input, "exercise", words["exercise"])
    pace, heard_pace = requests.slot_id(handler_input, "pace", words["pace"])
    item, heard_item = requests.slot_id(handler_input, "equipment", words["equipment"])
    if requests.intent_name(handler_input) == "HurryIntent":
        pace = "quick"  # "I'm in a hurry"
    return Action(
        name,
        exercise=exercise,
        pace=pace,
        item=item,
        heard=heard_exercise or heard_pace or heard_item,
    )
