"""A locale's words for the routine: laid over the routine file's own (en-US) words, so every
locale shares one set of doses and timings and a coach edits them once."""

from __future__ import annotations

import copy
from typing import Any

from skill.core.routine import RoutineError

# What a locale's words may replace; everything else (doses, timings, sounds) is shared.
TOP_WORDS = {"title", "credit"}
TABLE_WORDS = {"paces": {"spoken"}, "equipment": {"name", "needed"}}
EXERCISE_WORDS = {
    "name",
    "article",
    "synonyms",
    "intro",
    "how_to",
    "purpose",
    "work_cues",
    "rest_cue",
    "late_cue_text",
}


def overlay_words(data: dict[str, Any], words: dict[str, Any], where: str) -> dict[str, Any]:
    """The routine data with one locale's words put in; a non-word key is an error, so a
    translator cannot change a dose by accident."""
    data = copy.deepcopy(data)
    for key, value in words.items():
        if key in TOP_WORDS:
            data[key] = value
        elif key in TABLE_WORDS:
            for item_id, fields in value.items():
                if item_id not in data.get(key, {}):
                    raise RoutineError(f"{where}: {key}.{item_id} is not in the routine")
                for field_name, text in fields.items():
                    if field_name not in TABLE_WORDS[key]:
                        raise RoutineError(f"{where}: {key}.{item_id}.{field_name} is not a word")
                    data[key][item_id][field_name] = text
        elif key in ("labels", "cues"):
            data[key] = _merge_words(data.get(key, {}), value, f"{where}: {key}")
        elif key == "exercises":
            by_id = {e.get("id"): e for e in data.get("exercises", [])}
            for exercise_id, fields in value.items():
                exercise = by_id.get(exercise_id)
                if exercise is None:
                    raise RoutineError(f"{where}: exercises.{exercise_id} is not in the routine")
                for field_name, text in fields.items():
                    if field_name not in EXERCISE_WORDS:
                        raise RoutineError(
                            f"{where}: exercises.{exercise_id}.{field_name} is not a word "
                            "(doses and timings are shared by every locale: edit routine.toml)"
                        )
                    if field_name == "late_cue_text":
                        exercise.setdefault("late_cue", {})["text"] = text
                    else:
                        exercise[field_name] = text
        else:
            raise RoutineError(f"{where}: '{key}' is not a word field")
    return data


def _merge_words(base: dict[str, Any], words: dict[str, Any], where: str) -> dict[str, Any]:
    """Replace texts in a table of texts (and tables of texts) key by key."""
    merged = dict(base)
    for key, value in words.items():
        if key not in base:
            raise RoutineError(f"{where}.{key} is not in the routine")
        if isinstance(value, dict):
            merged[key] = _merge_words(base[key], value, f"{where}.{key}")
        else:
            merged[key] = value
    return merged
