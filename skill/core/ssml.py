"""SSML for Alexa: escaped text and audio clips, with the platform's limits enforced."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

MAX_AUDIO_TAGS = 5
MAX_OUTPUT_AUDIO_MS = 240_000
MAX_REPROMPT_AUDIO_MS = 90_000
MAX_SSML_CHARS = 8000


class SpeechLimitError(ValueError):
    """A response would break one of Alexa's SSML limits."""


@dataclass
class Speech:
    """One outputSpeech or reprompt: text and audio in the order they are added."""

    max_audio_ms: int = MAX_OUTPUT_AUDIO_MS
    _pieces: list[str] = field(default_factory=list)
    audio_tags: int = 0
    audio_ms: int = 0

    def say(self, text: str) -> Speech:
        """Add text to be spoken (escaped, so & or < can never break the SSML)."""
        text = " ".join(text.split())
        if text:
            self._pieces.append(escape(text))
        return self

    def play(self, url: str, duration_ms: int) -> Speech:
        """Add one pre-built clip; its duration counts toward the response's audio budget."""
        if not url.startswith("https://") and not url.startswith("http://"):
            raise SpeechLimitError(f"audio URL must be absolute: {url!r}")
        if self.audio_tags + 1 > MAX_AUDIO_TAGS:
            raise SpeechLimitError(f"more than {MAX_AUDIO_TAGS} audio clips in one response")
        if self.audio_ms + duration_ms > self.max_audio_ms:
            raise SpeechLimitError(
                f"{(self.audio_ms + duration_ms) / 1000:g} s of audio is over the "
                f"{self.max_audio_ms // 1000} s a response may carry"
            )
        self.audio_tags += 1
        self.audio_ms += duration_ms
        self._pieces.append(f"<audio src={quoteattr(url)}/>")
        return self

    def ssml(self) -> str:
        """The SSML body, without <speak> (ask-sdk-core adds the wrapper itself)."""
        body = " ".join(self._pieces)
        if len(f"<speak>{body}</speak>") > MAX_SSML_CHARS:
            raise SpeechLimitError(f"speech is over {MAX_SSML_CHARS} characters")
        return body

    def __bool__(self) -> bool:
        return bool(self._pieces)


def reprompt() -> Speech:
    """A Speech with the reprompt's smaller audio budget."""
    return Speech(max_audio_ms=MAX_REPROMPT_AUDIO_MS)
