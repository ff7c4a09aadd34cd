"""The pure core on the real routine, with a manifest laid out from the timeline (no audio)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from skill.core.actions import Facts
from skill.core.coach import Coach
from skill.core.manifest import Manifest, ManifestCue, ManifestIntro, ManifestPart
from skill.core.replies import send_off_texts
from skill.core.routine import PACES
from skill.core.routine_file import load_routine
from skill.core.timeline import build_timeline
from skill.core.words import load_words

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def manifest_for(routine, words) -> Manifest:
    """What the audio build would list, without building audio."""
    paces = {}
    for pace in PACES:
        timeline = build_timeline(routine, pace)
        paces[pace] = tuple(
            tuple(
                ManifestPart(
                    exercise_id=p.exercise_id,
                    index=p.index,
                    side=p.side,
                    label=p.label,
                    path=f"en-US/{pace}/{p.exercise_id}-{p.index}.mp3",
                    duration_ms=p.duration_ms,
                    cues=tuple(ManifestCue(c.at_ms, c.text) for c in p.cues),
                    sides=p.sides,
                )
                for p in exercise.parts
            )
            for exercise in timeline.exercises
        )
    intros = {
        e.id: ManifestIntro(e.id, f"en-US/intros/{e.id}.mp3", 9000, e.intro)
        for e in routine.exercises
    }
    send_offs = {
        key: ManifestIntro(key, f"en-US/send_offs/{key}.mp3", 5000, text)
        for key, text in send_off_texts(words).items()
    }
    return Manifest("en-US", routine.version, "none", paces, intros, send_offs)


@pytest.fixture(scope="session")
def routine():
    return load_routine()


@pytest.fixture(scope="session")
def coach(routine):
    words = load_words("en-US")
    return Coach(routine, manifest_for(routine, words), words)


def facts(**kw) -> Facts:
    """A moment: a guided speaker in session "s1" unless told otherwise."""
    base = {"now": NOW, "today": TODAY, "session": "s1", "can_stream": False, "can_speak": True}
    return Facts(**{**base, **kw})
