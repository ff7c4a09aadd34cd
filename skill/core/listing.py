"""The store listing and privacy words of each locale, from listing.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Privacy:
    """The privacy page: what is kept, what is not, how to delete it, who keeps it."""

    title: str
    intro: str
    kept_heading: str
    kept: tuple[str, ...]
    not_kept_heading: str
    not_kept: str
    delete_heading: str
    delete: tuple[str, ...]
    host_heading: str
    host: str


@dataclass(frozen=True)
class Listing:
    """One locale's entry in the Alexa store."""

    locale: str
    name: str
    summary: str
    description: str
    example_phrases: tuple[str, ...]
    keywords: tuple[str, ...]
    testing_instructions: str
    privacy: Privacy


@cache
def _table() -> dict[str, Any]:
    text = resources.files("skill.core").joinpath("listing.toml").read_text("utf-8")
    return tomllib.loads(text)


def listing_locales() -> tuple[str, ...]:
    """Every locale with a store listing."""
    return tuple(_table())


def load_listing(locale: str) -> Listing:
    """The listing of one locale (KeyError for a locale without one)."""
    data = dict(_table()[locale])
    privacy = data.pop("privacy")
    privacy["kept"] = tuple(privacy["kept"])
    privacy["delete"] = tuple(privacy["delete"])
    return Listing(
        locale=locale,
        name=data["name"],
        summary=data["summary"],
        description=data["description"],
        example_phrases=tuple(data["example_phrases"]),
        keywords=tuple(data["keywords"]),
        testing_instructions=data["testing_instructions"],
        privacy=Privacy(**privacy),
    )
