"""Hands-free mode: the routine as an AudioPlayer queue, one part after another.

Each queued part carries a token naming the routine version, locale, pace, exercise, part and
the exercises being skipped, so AudioPlayer events (which arrive without a session) say exactly
where the runner is, and a token from an older routine is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    Stream,
)

from skill.core.place import Position, Shape

TOKEN_PREFIX = "fwu1"
INTRO_PART = "i"


@dataclass(frozen=True)
class Token:
    """Where a queued audio part sits in the routine."""

    routine_version: str
    locale: str
    position: Position
    intro: bool = False  # the exercise's spoken intro, played before its first part

    def encode(self) -> str:
        p = self.position
        skipped = "-".join(str(s) for s in p.skipped)
        part = INTRO_PART if self.intro else str(p.part)
        fields = [TOKEN_PREFIX, self.routine_version, self.locale, p.pace, str(p.exercise), part]
        return "|".join([*fields, skipped])


def parse_token(raw: object, routine_version: str, locale: str, shape: Shape) -> Token | None:
    """The token's place in today's routine, or None for anything else (old, foreign, garbled)."""
    if not isinstance(raw, str) or len(raw) > 200:
        return None
    fields = raw.split("|")
    if len(fields) != 7 or fields[0] != TOKEN_PREFIX:
        return None
    _, version, token_locale, pace, exercise, part, skipped = fields
    if version != routine_version or token_locale != locale:
        return None
    intro = part == INTRO_PART
    if intro:
        part = "0"
    if not exercise.isdigit() or not part.isdigit():
        return None
    skips = skipped.split("-") if skipped else []
    if not all(s.isdigit() for s in skips):
        return None
    data = {
        "pace": pace,
        "exercise": int(exercise),
        "part": int(part),
        "skipped": [int(s) for s in skips],
    }
    position = Position.from_dict(data, shape)
    if position is None or position.exercise >= len(shape[position.pace]):
        return None
    return Token(version, token_locale, position, intro)


def play_directive(
    url: str,
    token: Token,
    *,
    offset_ms: int = 0,
    enqueue_after: str | None = None,
    title: str = "",
    subtitle: str = "",
) -> PlayDirective:
    """Play now (replacing the queue), or enqueue after the part that is playing."""
    stream = Stream(
        token=token.encode(),
        url=url,
        offset_in_milliseconds=max(offset_ms, 0),
        expected_previous_token=enqueue_after,
    )
    return PlayDirective(
        play_behavior=PlayBehavior.ENQUEUE if enqueue_after else PlayBehavior.REPLACE_ALL,
        audio_item=AudioItem(
            stream=stream, metadata=AudioItemMetadata(title=title, subtitle=subtitle)
        ),
    )
