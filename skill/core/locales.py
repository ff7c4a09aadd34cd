"""The locales the skill speaks, and which one answers a request in any other."""

from __future__ import annotations

# Every locale with its own words, model and audio. The English variants take en-US's words
# and override only what differs; fr-CA has all its own.
LOCALES = ("en-US", "en-CA", "en-GB", "en-AU", "fr-CA")
BASE = {"en-CA": "en-US", "en-GB": "en-US", "en-AU": "en-US"}
# A locale we do not speak is answered in the nearest one of its language.
NEAREST_BY_LANGUAGE = {"en": "en-US", "fr": "fr-CA"}
DEFAULT = "en-US"


def chain(locale: str) -> tuple[str, ...]:
    """The locale and those it inherits words from, most general first: en-GB -> (en-US, en-GB)."""
    out = [locale]
    while out[-1] in BASE:
        out.append(BASE[out[-1]])
    return tuple(reversed(out))


def nearest(locale: str | None, available: tuple[str, ...] = LOCALES) -> str:
    """The locale that answers a request in `locale`: itself when spoken, else the nearest of
    its language (en-IN -> en-US, fr-FR -> fr-CA), else the default."""
    if locale in available:
        return locale
    language = (locale or "").split("-")[0].lower()
    fallback = NEAREST_BY_LANGUAGE.get(language, DEFAULT)
    if fallback in available:
        return fallback
    return DEFAULT if DEFAULT in available else available[0]


def language(locale: str) -> str:
    """ "fr" for fr-CA."""
    return locale.split("-")[0].lower()
