"""Which clips a hands-free stream plays, in order, and which reported clips belong to it."""

from __future__ import annotations

from skill.core import place as places
from skill.core.actions import INTRO, PART, Clip
from skill.core.manifest import Manifest
from skill.core.place import Place, Shape
from skill.core.profile import State
from skill.core.routine import Routine


class StreamOrder:
    """The order of a stream's clips; the coach supplies the routine, manifest and state rules."""

    routine: Routine
    manifest: Manifest
    shape: Shape
    count: int

    def left_out(self, state: State) -> tuple[int, ...]:
        raise NotImplementedError  # coach_base.py

    def current(self, state: State) -> Place | None:
        raise NotImplementedError  # coach_base.py

    def heard(self, state: State, clip: Clip | None, offset_ms: int = 0) -> Place | None:
        """The place a clip reported by the device stands for, with the runner's own skips
        (a token carries none); None for anything but a part or intro. An offset past the
        clip's end (only a corrupted report has one) is read as its start."""
        if clip is None or clip.kind not in (PART, INTRO) or clip.place is None:
            return None
        p = clip.place
        counts = self.shape.get(p.pace, ())
        if not 0 <= p.exercise < len(counts) or not 0 <= p.part < counts[p.exercise]:
            return None
        mine = state.place or Place(skipped=self.left_out(state))
        if p.intro:
            intro = self.manifest.intros.get(self.routine.exercises[p.exercise].id)
            length = intro.duration_ms if intro else 0
        else:
            length = self.manifest.part(p.pace, p.exercise, p.part).duration_ms
        offset = offset_ms if 0 <= offset_ms < length else 0
        return_to = mine.return_to if (mine.return_to or 0) > p.exercise else None
        return Place(p.pace, p.exercise, p.part, mine.skipped, offset, p.intro, return_to)

    def in_stream(self, state: State, place: Place) -> bool:
        """Whether a reported place belongs to the stream the runner is on: the stored place
        or one ahead of it. A finished or lapsed warm-up, a clip behind, a left-out one, or
        another device's old stream is not (the stored record stays the one truth)."""
        here = self.current(state)
        if here is None:
            return False
        return any(
            c.place is not None and c.place.same_part(place) for c in self.queue(state, here)
        )

    def queue(self, state: State, here: Place) -> tuple[Clip, ...]:
        """The clips a stream plays from here to the end, in order."""
        clips: list[Clip] = []
        clip: Clip | None = Clip(INTRO if here.intro else PART, here.at(0, here.intro))
        while clip is not None and clip.place is not None:
            clips.append(clip)
            clip = self.following(clip, self.left_out(state))
        return tuple(clips)

    def following(self, clip: Clip, left_out: tuple[int, ...]) -> Clip | None:
        """What a stream plays after this clip: the part after an intro, else the next part,
        which opens with its exercise's intro when it starts a new exercise; None at the end.
        The clip's place must carry the runner's skips (see `heard`)."""
        here = clip.place
        if clip.kind not in (PART, INTRO) or here is None:
            return None
        if clip.kind == INTRO:
            return Clip(PART, here.at(0))
        after = places.next_part(here, self.shape, left_out)
        if places.is_finished(after, self.shape):
            return None
        if after.exercise != here.exercise:
            return Clip(INTRO, after.at(0, intro=True))
        return Clip(PART, after)
