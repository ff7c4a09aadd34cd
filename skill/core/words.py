"""The skill's own spoken words, loaded once from prompts.toml and filled in by id."""

from __future__ import annotations

import string
import tomllib
from importlib import resources
from typing import Any


class Prompts:
    """Prompt texts of one locale, looked up by snake_case id."""

    def __init__(self, texts: dict[str, str], locale: str) -> None:
        self.texts = texts
        self.locale = locale

    def __call__(self, prompt_id: str, **values: Any) -> str:
        """The text of prompt_id with its placeholders filled in, starting with a capital."""
        text = self.texts[prompt_id].format_map(values)
        # Placeholders such as an exercise name may open a sentence; Alexa reads it either
        # way, but screens and cards show it.
        return text[:1].upper() + text[1:]

    def placeholders(self, prompt_id: str) -> set[str]:
        """Names a prompt expects, so tests can check every prompt is fillable."""
        return {f for _, f, _, _ in string.Formatter().parse(self.texts[prompt_id]) if f}


def load_prompts(locale: str = "en-US") -> Prompts:
    """Read the prompts of a locale (en-US when the locale has none of its own)."""
    data = tomllib.loads(resources.files("skill.core").joinpath("prompts.toml").read_text("utf-8"))
    texts = data.get(locale) or data["en-US"]
    return Prompts({k: str(v) for k, v in texts.items()}, locale if locale in data else "en-US")
