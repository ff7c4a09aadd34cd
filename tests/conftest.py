"""Shared fixtures: real audio built once per run with the offline voice, and the Flask app."""

from __future__ import annotations

import pytest

from skill.audio_build import build_audio
from skill.routine import load_routine
from skill.speech_engines import EspeakEngine


@pytest.fixture(scope="session")
def routine():
    return load_routine()


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory, routine):
    """The default routine's audio, built for real with espeak-ng (about two seconds)."""
    out = tmp_path_factory.mktemp("audio")
    build_audio(routine, EspeakEngine("en-US"), out_dir=out)
    return out
