"""Locales: which one answers, which words each inherits, and what a translation may change."""

from __future__ import annotations

import pytest

from skill.core.locales import LOCALES, chain, nearest
from skill.core.routine import Name, RoutineError
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
            # en-US uses every value the code passes; another language may need fewer (French
            # says "tu n'as pas la balle" where English says "without a ball" and names it).
            assert words.placeholders(key) <= us.placeholders(key), (locale, key)
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


@pytest.mark.parametrize(
    ("text", "article", "forms"),
    [
        ("pied court", "le", ("le pied court", "au pied court", "du pied court")),
        ("mobilité du gros orteil", "la", ("la mobilité", "à la mobilité", "de la mobilité")),
        ("équilibre sur un pied", "l'", ("l'équilibre", "à l'équilibre", "de l'équilibre")),
        ("sauts pogo", "les", ("les sauts pogo", "aux sauts pogo", "des sauts pogo")),
        ("pogo hops", "", ("pogo hops", "pogo hops", "pogo hops")),  # English has no article
    ],
)
def test_a_name_takes_its_article_in_the_form_a_sentence_asks_for(text, article, forms):
    name = Name(text, article)
    for spec, expected in zip(("le", "au", "du"), forms, strict=True):
        assert format(name, spec).startswith(expected)
    assert format(name, "") == text == str(name)
    with pytest.raises(ValueError, match="unknown name form"):
        format(name, "des")


def test_a_list_of_names_gives_each_its_article():
    names = load_words("fr-CA").spoken_list([Name("pied court", "le"), Name("sauts pogo", "les")])
    assert names == "pied court et sauts pogo"
    assert f"{names:au}" == "au pied court et aux sauts pogo"


def test_every_french_exercise_has_an_article_and_an_unknown_one_is_refused(tmp_path):
    routine = load_routine(locale="fr-CA")
    assert all(e.name.article in ("le", "la", "l'", "les") for e in routine.exercises)
    bad = write_routine(tmp_path, '[fr-CA.exercises.pogo_hops]\narticle = "der"\n')
    with pytest.raises(RoutineError, match="field 'article' should be one of"):
        load_routine(bad, "fr-CA")


def test_french_sentences_put_each_name_after_its_article():
    from datetime import timedelta

    from skill.core.actions import Action
    from skill.core.coach import Coach
    from skill.core.place import Place
    from skill.core.profile import GUIDED, State
    from tests.core.conftest import NOW, facts, manifest_for

    routine, words = load_routine(locale="fr-CA"), load_words("fr-CA")
    coach = Coach(routine, manifest_for(routine, words), words)

    def said(place, action, mode=GUIDED, **kw):
        state = State(place=place, saved_at=NOW - timedelta(minutes=5), mode=mode)
        return " ".join(line.text for line in coach.decide(state, action, facts(**kw)).words())

    offer = said(Place("standard", 0, 1), Action("launch"), new_session=True)
    assert offer.startswith("Te revoilà! On était rendus au massage plantaire, pied droit.")
    assert said(Place("standard", 5, 0), Action("skip")).startswith(
        "On laisse faire les sauts pogo."
    )
    # Balance has played: the rest hands free starts after it.
    hands_free = said(Place("standard", 4, 0), Action("hands_free"), can_stream=True)
    assert hands_free.startswith("Mains libres, à partir des sauts pogo.")
    stop = said(Place("standard", 1, 0), Action("stop"))
    assert stop == "D'accord. On s'arrête à la mobilité du gros orteil. À la prochaine!"
