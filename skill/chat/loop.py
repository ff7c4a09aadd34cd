"""The conversation: typed lines in, what Alexa says out, with the device's player playing its
part (the AudioPlayer reports in order, fast-forwarded) so hands-free mode can be tried too.

A blank line lets the audio play on to the next clip; anything else is said to Alexa over the
audio, as "Alexa, ..." would be; the end of input lets the stream play out to its end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from skill.chat.device import Session
from skill.chat.matcher import Match, UtteranceMatcher
from skill.chat.transcript import audio_files, clip_lines, minutes, render
from skill.core.manifest import Manifest

Send = Callable[[dict[str, Any]], dict[str, Any]]


class Chat:
    """One runner at one simulated device."""

    def __init__(
        self,
        send: Send,
        matcher: UtteranceMatcher,
        session: Session,
        manifest: Manifest | None,
        out: Callable[[str], None],
        *,
        debug: bool = False,
        stored: Callable[[], dict[str, Any]] | None = None,
        hear: Callable[[str], None] | None = None,
    ) -> None:
        self.send = send
        self.matcher = matcher
        self.session = session
        self.manifest = manifest
        self.out = out
        self.debug = debug
        self.stored = stored  # what the store keeps for this runner, for --debug
        self.hear = hear  # plays an audio URL out loud, for --play
        self.hinted = False
        self.showing: str | None = None  # the token of the clip last shown

    # -- talking -------------------------------------------------------------------------

    def say(self, line: str) -> None:
        """One line said to Alexa (over the audio, if a stream is playing)."""
        match = self.matcher.match(line)
        if self.debug:
            shown = dict(match.slots or {})
            self.out(f"  [{match.request_type} {match.intent or ''} {shown}]".replace(" {}", ""))
        self.ask(match)

    def ask(self, match: Match) -> None:
        player = self.session.player
        interrupted = player is not None and player.playing
        if interrupted:  # the wake word stops the stream while Alexa listens
            player.activity = "STOPPED"
            self.report([("AudioPlayer.PlaybackStopped", player.item)])
        answer = self.send(self.session.envelope(match))
        for index, text in enumerate(render(answer, self.manifest)):
            self.out(("alexa> " if index == 0 else "       ") + text)
        self.session.remember(answer)
        if self.debug and answer.get("sessionAttributes"):
            self.out(f"  [session: {json.dumps(answer['sessionAttributes'])}]")
        if self.debug and self.stored is not None:
            self.out(f"  [stored: {json.dumps(self.stored())}]")
        if self.hear is not None:
            for url in audio_files(answer):
                self.hear(url)
        if player is not None:
            directives = answer.get("response", {}).get("directives", [])
            events = player.follow(directives)
            spoke_to_player = any(d.get("type", "").startswith("AudioPlayer.") for d in directives)
            if interrupted and not spoke_to_player:  # after speech alone, the stream goes on
                player.activity = "PLAYING"
                events.append(("AudioPlayer.PlaybackStarted", player.item))
            self.report(events)
        if not self.session.open and not (player and player.playing):
            self.out("(the session has ended)")

    # -- the device's player -------------------------------------------------------------

    def report(self, events: list[tuple[str, dict | None]]) -> None:
        """Send the player's reports; start what they queue; show what starts playing."""
        player = self.session.player
        for kind, item in events:
            answer = self.send(self.session.event(kind, item))
            if self.debug:
                self.out(f"  [{kind}]")
            if kind == "AudioPlayer.PlaybackStarted" and item is not None:
                self.show(item)
            if player is not None:
                directives = answer.get("response", {}).get("directives", [])
                self.report(player.follow(directives))

    def show(self, item: dict[str, Any]) -> None:
        if item["token"] == self.showing:
            if item.get("replayed"):  # the skill sent the same clip again: say from where
                offset = item.get("offset", 0)
                again = f"picks up at {minutes(offset)}" if offset else "starts again from the top"
                self.out(f"       (the same clip {again})")
            else:
                self.out("       (the audio carries on)")
            return
        self.showing = item["token"]
        for line in clip_lines(item["url"], item.get("metadata", {}), self.manifest):
            self.out("       " + line)
        if not self.hinted:
            self.out("       (playing hands free: Enter lets it play on; or say something)")
            self.hinted = True
        if self.hear is not None:
            self.hear(item["url"])

    def play_on(self) -> bool:
        """Fast-forward the playing clip to its end and start the next; False when silent."""
        player = self.session.player
        if player is None or not player.playing or player.item is None:
            return False
        item = player.item
        self.report([("AudioPlayer.PlaybackNearlyFinished", item)])
        self.report([("AudioPlayer.PlaybackFinished", item)])
        if player.queue:
            player.item = {**player.queue.pop(0)}
            self.report([("AudioPlayer.PlaybackStarted", player.item)])
        else:
            player.activity = "FINISHED"
            self.out("       (the stream has ended)")
        return True

    def finish(self) -> None:
        """End of input: the stream plays out, then the microphone closes."""
        while self.play_on():
            pass
        if self.session.open:
            self.send(self.session.envelope(Match("SessionEndedRequest")))
