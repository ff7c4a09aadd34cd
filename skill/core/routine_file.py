"""Reading the routine file: TOML in, a checked Routine out, or an error naming the field."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from skill.core.locales import chain
from skill.core.routine import (
    ARTICLES,
    PACES,
    SIDES,
    Cues,
    Dose,
    Exercise,
    Labels,
    LateCue,
    Name,
    Routine,
    RoutineError,
    Sound,
    Timing,
)
from skill.core.routine_words import overlay_words


def default_routine_path() -> Path:
    """The routine that ships with the skill."""
    return Path(str(resources.files("skill.core").joinpath("routine.toml")))


WORDS_FILE = "routine_words.toml"


def load_routine(path: Path | str | None = None, locale: str = "en-US") -> Routine:
    """Read and check a routine file in one locale's words; raise RoutineError naming what is
    wrong. The doses and timings are the file's; another locale's words come from
    routine_words.toml beside it, which may hold words only."""
    path = Path(path) if path is not None else default_routine_path()
    raw_bytes = _read(path)
    data = _toml(path, raw_bytes)
    digest = hashlib.sha256(raw_bytes)
    words_path = path.with_name(WORDS_FILE)
    overlays = [loc for loc in chain(locale) if loc != "en-US"]
    if overlays and words_path.is_file():
        all_words = _toml(words_path, _read(words_path))
        for loc in overlays:
            table = all_words.get(loc)
            if table is not None:
                data = overlay_words(data, table, f"{words_path}: [{loc}]")
                digest.update(loc.encode() + repr(table).encode())
    return _Reader(path).routine(data, digest.hexdigest()[:12])


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RoutineError(f"{path}: cannot read the routine file ({exc.strerror})") from exc


def _toml(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RoutineError(f"{path}: not valid TOML: {exc}") from exc


class _Reader:
    """Turns parsed TOML into a Routine, keeping track of where it is for error messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known_equipment: set[str] = set()

    def fail(self, where: str, message: str) -> RoutineError:
        return RoutineError(f"{self.path}: {where}: {message}")

    def get(self, table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...):
        if key not in table:
            if default is not ...:
                return default
            return self._raise(where, f"field '{key}' is missing")
        value = table[key]
        # TOML integers are acceptable where a float is asked for; booleans never are.
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            return self._raise(
                where, f"field '{key}' should be {kind.__name__}, got {type(value).__name__}"
            )
        if kind is str and not value.strip():
            return self._raise(where, f"field '{key}' is empty")
        return value

    def _raise(self, where: str, message: str):
        raise self.fail(where, message)

    def text_list(self, table: dict[str, Any], key: str, where: str, *, allow_empty=False):
        values = self.get(table, key, list, where)
        if not allow_empty and not values:
            self._raise(where, f"field '{key}' needs at least one entry")
        for value in values:
            if not isinstance(value, str) or not value.strip():
                self._raise(where, f"field '{key}' should hold only non-empty text")
        return tuple(values)

    def seconds(self, table: dict[str, Any], key: str, where: str, *, minimum: float, default=...):
        value = self.get(table, key, float, where, default)
        if value < minimum:
            self._raise(where, f"field '{key}' must be at least {minimum:g} seconds, got {value:g}")
        return round(value * 1000)

    def routine(self, data: dict[str, Any], version: str) -> Routine:
        where = "top level"
        if self.get(data, "schema", int, where) != 1:
            self._raise(where, "field 'schema' must be 1")
        paces = self.get(data, "paces", dict, where)
        pace_names = {}
        for pace in PACES:
            table = self.get(paces, pace, dict, "paces")
            pace_names[pace] = self.get(table, "spoken", str, f"paces.{pace}")
        timing_table = self.get(data, "timing", dict, where)
        timing = Timing(
            lead_in_ms=self.seconds(timing_table, "lead_in_s", "timing", minimum=1),
            switch_ms=self.seconds(timing_table, "switch_s", "timing", minimum=1),
            end_ms=self.seconds(timing_table, "end_s", "timing", minimum=1),
        )
        equipment_table = self.get(data, "equipment", dict, where)
        equipment, needed = {}, {}
        for item_id, item in equipment_table.items():
            if not isinstance(item, dict):
                self._raise(f"equipment.{item_id}", "should be a table with a name")
            equipment[item_id] = self.get(item, "name", str, f"equipment.{item_id}")
            needed[item_id] = self.get(item, "needed", str, f"equipment.{item_id}")
        self.known_equipment = set(equipment)
        exercises_raw = self.get(data, "exercises", list, where)
        if not exercises_raw:
            self._raise(where, "field 'exercises' needs at least one exercise")
        exercises = tuple(self.exercise(raw, n) for n, raw in enumerate(exercises_raw, 1))
        ids = [e.id for e in exercises]
        for exercise_id in ids:
            if ids.count(exercise_id) > 1:
                self._raise(f"exercise '{exercise_id}'", "field 'id' is used twice")
        return Routine(
            title=self.get(data, "title", str, where),
            credit=self.get(data, "credit", str, where),
            pace_names=pace_names,
            equipment=equipment,
            needed=needed,
            labels=self.labels(self.get(data, "labels", dict, where)),
            timing=timing,
            sound=self.sound(self.get(data, "sound", dict, where)),
            cues=self.cues(self.get(data, "cues", dict, where)),
            exercises=exercises,
            version=version,
        )

    def labels(self, table: dict[str, Any]) -> Labels:
        where = "labels"
        part = self.get(table, "part", str, where)
        then = self.get(table, "then", str, where)
        for field_name, text, names in (
            ("part", part, "{side} and {number}"),
            ("then", then, "{first} and {second}"),
        ):
            try:
                text.format(side="x", number=1, first="x", second="y")
            except (KeyError, IndexError, ValueError):
                self._raise(where, f"field '{field_name}' may use only {names}")
        return Labels(
            sides={s: self.get(table, s, str, where) for s in SIDES}, part=part, then=then
        )

    def sound(self, table: dict[str, Any]) -> Sound:
        where = "sound"
        tick = self.seconds(table, "tick_every_s", where, minimum=0)
        if 0 < tick < 500:
            self._raise(where, "field 'tick_every_s' should be 0 (off) or at least 0.5 seconds")
        pips = self.get(table, "countdown_pips", int, where)
        if not 0 <= pips <= 5:
            self._raise(where, f"field 'countdown_pips' should be between 0 and 5, got {pips}")
        return Sound(
            tick_every_ms=tick, countdown_pips=pips, signals=self.get(table, "signals", bool, where)
        )

    def cues(self, table: dict[str, Any]) -> Cues:
        where = "cues"
        side_start = self.get(table, "side_start", dict, where)
        switch = self.get(table, "switch", dict, where)
        return Cues(
            countdown=self.text_list(table, "countdown", where),
            ten_seconds=self.get(table, "ten_seconds", str, where),
            halfway=self.get(table, "halfway", str, where),
            part_done=self.get(table, "part_done", str, where),
            exercise_done=self.get(table, "exercise_done", str, where),
            side_start={s: self.get(side_start, s, str, "cues.side_start") for s in SIDES},
            switch={s: self.get(switch, s, str, "cues.switch") for s in ("left", "right")},
        )

    def exercise(self, raw: Any, number: int) -> Exercise:
        if not isinstance(raw, dict):
            self._raise(f"exercise {number}", "should be a table")
        exercise_id = raw.get("id")
        where = (
            f"exercise '{exercise_id}'" if isinstance(exercise_id, str) else f"exercise {number}"
        )
        exercise_id = self.get(raw, "id", str, where)
        if not exercise_id.replace("_", "").isalnum() or not exercise_id.islower():
            self._raise(where, "field 'id' should be lower_snake_case letters and digits")
        equipment = self.text_list(raw, "equipment", where, allow_empty=True)
        for item in equipment:
            if item not in self.known_equipment:
                self._raise(where, f"field 'equipment' names '{item}', which [equipment] lacks")
        sides = self.text_list(raw, "sides", where)
        for side in sides:
            if side not in SIDES:
                self._raise(where, f"field 'sides' has '{side}'; use left, right or both")
        if "both" in sides and len(sides) > 1:
            self._raise(where, "field 'sides' cannot mix 'both' with a single foot")
        beat_per_s = self.get(raw, "beat_per_s", float, where, None)
        if beat_per_s is not None and not 0.5 <= beat_per_s <= 5:
            self._raise(where, "field 'beat_per_s' should be between 0.5 and 5")
        late_cue = None
        if "late_cue" in raw:
            late = self.get(raw, "late_cue", dict, where)
            late_cue = LateCue(
                at_remaining_ms=self.seconds(
                    late, "at_remaining_s", f"{where} late_cue", minimum=1
                ),
                text=self.get(late, "text", str, f"{where} late_cue"),
            )
        doses_table = self.get(raw, "doses", dict, where)
        doses = {
            pace: self.dose(
                self.get(doses_table, pace, dict, f"{where} doses"),
                f"{where} doses.{pace}",
                beat_per_s,
            )
            for pace in PACES
        }
        return Exercise(
            id=exercise_id,
            name=Name(self.get(raw, "name", str, where), self.article(raw, where)),
            synonyms=self.text_list(raw, "synonyms", where, allow_empty=True),
            equipment=equipment,
            purpose=self.get(raw, "purpose", str, where),
            intro=self.get(raw, "intro", str, where),
            how_to=self.get(raw, "how_to", str, where),
            sides=sides,
            work_cues=self.text_list(raw, "work_cues", where),
            rest_cue=self.get(raw, "rest_cue", str, where, None),
            late_cue=late_cue,
            beat_per_s=beat_per_s,
            doses=doses,
        )

    def article(self, raw: dict[str, Any], where: str) -> str:
        """The name's article, for languages whose sentences need one ("" in English)."""
        article = self.get(raw, "article", str, where, "")
        if article not in ARTICLES:
            self._raise(where, f"field 'article' should be one of {ARTICLES[1:]}, got {article!r}")
        return article

    def dose(self, table: dict[str, Any], where: str, beat_per_s: float | None) -> Dose:
        reps = self.get(table, "reps", int, where)
        if not 1 <= reps <= 50:
            self._raise(where, f"field 'reps' should be between 1 and 50, got {reps}")
        if beat_per_s is not None:
            beats = self.get(table, "beats", int, where)
            if not 1 <= beats <= 200:
                self._raise(where, f"field 'beats' should be between 1 and 200, got {beats}")
            if "work_s" in table:
                self._raise(where, "field 'work_s' is not used with a beat; set 'beats' instead")
            work_ms = 0  # the timeline derives it from the beat
        else:
            if "beats" in table:
                self._raise(where, "field 'beats' needs 'beat_per_s' on the exercise")
            beats = 0
            work_ms = self.seconds(table, "work_s", where, minimum=1)
        rest_ms = self.seconds(table, "rest_s", where, minimum=0, default=0.0)
        if reps > 1 and rest_ms == 0 and beats:
            self._raise(where, "field 'rest_s' is needed between sets of hops")
        return Dose(reps=reps, work_ms=work_ms, rest_ms=rest_ms, beats=beats)
