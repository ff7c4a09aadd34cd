"""AudioPlayer tokens: each queued clip says which clip it is, so player events (which arrive
without a session) name the exact part, and a token from an older routine is never trusted.

    fwu2|<routine version>|<locale>|part|<pace>|<exercise>|<part>
    fwu2|<routine version>|<locale>|intro|<pace>|<exercise>|0
    fwu2|<routine version>|<locale>|send_off|<key>
"""

from __future__ import annotations

from skill.core.actions import INTRO, PART, SEND_OFF, Clip
from skill.core.place import Place, Shape

PREFIX = "fwu2"
MAX_TOKEN_CHARS = 200


def encode(clip: Clip, routine_version: str, locale: str) -> str:
    """The token for one clip."""
    head = [PREFIX, routine_version, locale, clip.kind]
    if clip.kind == SEND_OFF:
        return "|".join([*head, clip.send_off])
    place = clip.place
    assert place is not None
    return "|".join([*head, place.pace, str(place.exercise), str(place.part)])


def decode(raw: object, routine_version: str, locale: str, shape: Shape) -> Clip | None:
    """The clip a token names in today's routine; None for anything else (old, foreign, odd)."""
    if not isinstance(raw, str) or len(raw) > MAX_TOKEN_CHARS:
        return None
    fields = raw.split("|")
    if len(fields) < 5 or fields[:3] != [PREFIX, routine_version, locale]:
        return None
    kind = fields[3]
    if kind == SEND_OFF and len(fields) == 5 and fields[4]:
        return Clip(SEND_OFF, send_off=fields[4])
    if kind not in (PART, INTRO) or len(fields) != 7:
        return None
    pace, exercise, part = fields[4:]
    if not (exercise.isascii() and exercise.isdigit() and part.isascii() and part.isdigit()):
        return None
    data = {"pace": pace, "exercise": int(exercise), "part": int(part), "intro": kind == INTRO}
    place = Place.from_dict(data, shape)
    if place is None or place.exercise >= len(shape[place.pace]):
        return None
    if kind == INTRO and place.part != 0:
        return None
    clip = Clip(kind, place)
    # Only the spelling we write: a queued clip's expectedPreviousToken is this token re-encoded,
    # and the device compares it character for character ("07" is not "7").
    return clip if encode(clip, routine_version, locale) == raw else None
