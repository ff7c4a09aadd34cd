"""Locales: which one answers, which words each inherits, and what a translation may change."""

from __future__ import annotations

import pytest

from skill.core.locales import LOCALES, chain, nearest
from skill.core.routine import RoutineError
from skill.core.routine_file import load_routine
from skill.core.words import load_words

ROOT_ROUTINE = load_routine()


@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        ("en-US", "en-US"),
        ("en-CA", "en-CA"),
        ("fr-CA", "fr-CA"),
        ("en-IN", "en-US"),  # English we do not speak: the nearest English
        ("fr-FR", "fr-CA"),  # French from France: Canadian French
        ("de-DE", "en-US"),  # a language we do not speak at all
        (None, "en-US"),
        ("", "en-US"),
    ],
)
def test_each_request_is_answered_in_its_own_locale_or_the_nearest(asked, answered):
    assert nearest(asked) == answered


def test_the_nearest_is_among_those_with_audio():
    assert nearest("fr-CA", ("en-US", "en-GB")) == "en-US"
    assert nearest("en-AU", ("en-GB", "fr-CA")) == "en-GB"  # no en-US: the first served


def test_english_variants_inherit_en_us_words_and_override_some():
    assert chain("en-GB") == ("en-US", "en-GB") and chain("fr-CA") == ("fr-CA",)
    us = load_words("en-US")
    for locale in ("en-CA", "en-GB", "en-AU"):
        words = load_words(locale)
        assert set(words.texts) == set(us.texts), locale  # every prompt, inherited or not
        assert words.locale == locale


def test_every_locale_has_every_prompt_with_the_same_placeholders():
    us = load_words("en-US")
    for locale in LOCALES:
        words = load_words(locale)
        missing = set(us.texts) - set(words.texts)
        assert not missing, (locale, sorted(missing))
        for key in us.texts:
            assert words.placeholders(key) == us.placeholders(key), (locale, key)
        assert (
            len(words.numbers) >= len(us.numbers) and words.joiners["and"] and words.joiners["or"]
        )


def test_every_locale_shares_the_doses_and_timings():
    for locale in LOCALES:
        routine = load_routine(locale=locale)
        assert [e.id for e in routine.exercises] == [e.id for e in ROOT_ROUTINE.exercises]
        for mine, base in zip(routine.exercises, ROOT_ROUTINE.exercises, strict=True):
            assert mine.doses == base.doses and mine.sides == base.sides, (locale, mine.id)
            assert len(mine.work_cues) == len(base.work_cues), (locale, mine.id)
            assert (mine.rest_cue is None) == (base.rest_cue is None), (locale, mine.id)
        assert routine.timing == ROOT_ROUTINE.timing and routine.sound == ROOT_ROUTINE.sound
        assert len(routine.cues.countdown) == len(ROOT_ROUTINE.cues.countdown)


def write_routine(tmp_path, words: str):
    (tmp_path / "routine.toml").write_bytes(
        (load_routine.__globals__["default_routine_path"]()).read_bytes()
    )
    (tmp_path / "routine_words.toml").write_text(words, "utf-8")
    return tmp_path / "routine.toml"


def test_a_translation_changes_words_only(tmp_path):
    path = write_routine(
        tmp_path,
        '[fr-CA.exercises.pogo_hops]\nname = "sauts pogo"\n'
        '[fr-CA.cues]\nhalfway = "À mi-chemin."\n',
    )
    routine = load_routine(path, "fr-CA")
    assert routine.exercise("pogo_hops").name == "sauts pogo"
    assert routine.cues.halfway == "À mi-chemin."
    assert routine.version != load_routine(path).version  # its audio is its own


@pytest.mark.parametrize(
    ("words", "says"),
    [
        ("[fr-CA.exercises.pogo_hops.doses.standard]\nreps = 9\n", "is not a word"),
        ("[fr-CA.timing]\nlead_in_s = 1\n", "'timing' is not a word field"),
        ('[fr-CA.exercises.moon_walk]\nname = "x"\n', "moon_walk is not in the routine"),
        ('[fr-CA.cues]\nnew_cue = "x"\n', "cues.new_cue is not in the routine"),
    ],
)
def test_a_translation_cannot_change_a_dose(tmp_path, words, says):
    with pytest.raises(RoutineError, match=says):
        load_routine(write_routine(tmp_path, words), "fr-CA")
