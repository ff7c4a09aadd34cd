"""The skill's own words: loaded once from prompts.toml, filled in by id, numbers as words."""

from __future__ import annotations

import string
import tomllib
from importlib import resources
from typing import Any

from skill.core.actions import Line
from skill.core.locales import LOCALES, chain
from skill.core.routine import Names

# Entries of a locale's table that are not prompts but the pieces numbers and lists are made of.
VOCABULARY = ("numbers", "ordinals", "list_and", "list_or")


class Words:
    """Prompt texts of one locale, looked up by snake_case id."""

    def __init__(self, table: dict[str, Any], locale: str) -> None:
        self.locale = locale
        self.texts = {k: str(v) for k, v in table.items() if k not in VOCABULARY}
        self.numbers: list[str] = list(table.get("numbers", []))
        self.ordinals: list[str] = list(table.get("ordinals", []))
        self.joiners = {"and": table.get("list_and", "and"), "or": table.get("list_or", "or")}

    def __call__(self, prompt_id: str, **values: Any) -> str:
        """The text of prompt_id with its placeholders filled in, starting with a capital."""
        text = self.texts[prompt_id].format_map(values)
        # Placeholders such as an exercise name may open a sentence; Alexa reads it either way,
        # but screens and cards show it.
        return text[:1].upper() + text[1:]

    def fragment(self, prompt_id: str, **values: Any) -> str:
        """A piece that goes inside a sentence: filled in, left as written (no capital)."""
        return self.texts[prompt_id].format_map(values)

    def line(self, prompt_id: str, **values: Any) -> Line:
        """One prompt as a Line, keeping its id for tests and logs."""
        return Line(prompt_id, self(prompt_id, **values))

    def placeholders(self, prompt_id: str) -> set[str]:
        """Names a prompt expects, so tests can check every prompt is fillable."""
        return {f for _, f, _, _ in string.Formatter().parse(self.texts[prompt_id]) if f}

    def number(self, n: int) -> str:
        """Small numbers as words, for the ear."""
        return self.numbers[n] if 0 <= n < len(self.numbers) else str(n)

    def ordinal(self, n: int) -> str | None:
        """ "third"; None past the table (say it another way: "40 days in a row")."""
        if 0 <= n < len(self.ordinals) and self.ordinals[n]:
            return self.ordinals[n]
        return None

    def spoken_list(self, names: list[str], joiner: str = "and") -> str:
        """ "a", "a and b", "a, b and c" (each name keeping its article for "{names:le}")."""
        return Names(names, self.joiners[joiner])


def load_words(locale: str = "en-US") -> Words:
    """Read the words of a locale: an English variant's table holds only what differs from
    en-US's; a locale with no table of its own speaks en-US."""
    text = resources.files("skill.core").joinpath("prompts.toml").read_text("utf-8")
    data = tomllib.loads(text)
    locale = locale if locale in LOCALES else "en-US"
    table: dict[str, Any] = {}
    for loc in chain(locale):
        table.update(data.get(loc, {}))
    return Words(table, locale)
