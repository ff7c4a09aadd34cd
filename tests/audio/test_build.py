"""Real audio: built with espeak-ng, read back with mutagen and decoded with miniaudio."""

import base64
import json
import math
from pathlib import Path

import lameenc
import miniaudio
import pytest
import requests
from mutagen.mp3 import MP3

from skill.audio.build import AudioBuildError, build_audio
from skill.audio.engines import (
    EspeakEngine,
    GTTSEngine,
    SpeechEngineError,
    make_engine,
)
from skill.core.manifest import load_manifest
from skill.core.routine_file import default_routine_path, load_routine
from skill.core.timeline import build_timeline

SOURCE = default_routine_path().read_text("utf-8")


def all_files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_every_mp3_is_what_alexa_accepts_and_as_long_as_planned(audio_dir):
    manifest = load_manifest(audio_dir, "en-US")
    parts = [p for pace in manifest.paces.values() for ex in pace for p in ex]
    assert len(parts) == 13  # 7 standard (massage split per foot) + 6 quick
    for part in parts:
        path = audio_dir / part.path
        info = MP3(path).info
        assert (info.version, info.layer) == (2, 3), part.path
        assert info.bitrate == 48_000
        assert info.sample_rate in (16_000, 22_050, 24_000)
        assert info.channels == 1
        assert abs(info.length - part.duration_ms / 1000) <= 0.15, part.path
        assert info.length <= 240
        decoded = miniaudio.decode_file(str(path))
        assert abs(decoded.duration - part.duration_ms / 1000) <= 0.15


def test_the_manifest_matches_the_timeline(audio_dir, routine):
    manifest = load_manifest(audio_dir, "en-US")
    assert manifest.routine_version == routine.version and manifest.engine == "espeak"
    for pace in ("standard", "quick"):
        timeline = build_timeline(routine, pace)
        for exercise, parts in zip(timeline.exercises, manifest.paces[pace], strict=True):
            assert [p.duration_ms for p in exercise.parts] == [p.duration_ms for p in parts]
            assert [[c.text for c in p.cues] for p in exercise.parts] == [
                [c.text for c in p.cues] for p in parts
            ]
            for part in parts:
                assert part.path.startswith(f"en-US/{pace}/{part.exercise_id}-")


def copy_routine(tmp_path: Path, text: str = SOURCE) -> Path:
    path = tmp_path / "routine.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_noop_rebuild_touches_nothing_and_one_cue_rebuilds_only_its_parts(tmp_path):
    out = tmp_path / "audio"
    routine = load_routine(copy_routine(tmp_path))
    first = build_audio(routine, EspeakEngine(), out_dir=out)
    assert first.parts_built == 13 and first.manifest_written
    # Every file written was measured on its decoded audio first.
    assert set(first.loudness) == set(first.built)
    before = all_files(out)

    again = build_audio(routine, EspeakEngine(), out_dir=out)
    assert (again.parts_built, again.phrases_synthesised, again.manifest_written) == (0, 0, False)
    assert all_files(out) == before

    edited = SOURCE.replace('"Lift the arch."', '"Arch up."')
    changed = build_audio(load_routine(copy_routine(tmp_path, edited)), EspeakEngine(), out_dir=out)
    assert changed.built == [p for p in changed.built if "/short_foot-" in p]
    assert changed.parts_built == 2  # standard and quick short foot
    assert changed.phrases_synthesised == 1
    assert changed.files_removed == 2  # the old short foot files
    after = all_files(out)
    kept = [f for f in before if f.endswith(".mp3") and "short_foot" not in f]
    assert all(after[f] == before[f] for f in kept)


def test_a_cue_too_long_for_its_slot_names_the_cue(tmp_path):
    long_words = "Lift the arch slowly and carefully while keeping every toe long and relaxed."
    routine = load_routine(
        copy_routine(tmp_path, SOURCE.replace('rest_cue = "Relax."', f'rest_cue = "{long_words}"'))
    )
    with pytest.raises(AudioBuildError) as caught:
        build_audio(routine, EspeakEngine(), out_dir=tmp_path / "audio", paces=["quick"])
    message = str(caught.value)
    assert "short_foot" in message and long_words in message and "quick" in message


# -- gTTS, with Google's service replaced at the HTTP boundary -------------------------


def fake_gtts_mp3() -> bytes:
    """An MP3 shaped like gTTS output (32 kbps, 24 kHz) holding half a second of tone."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(24_000)
    encoder.set_channels(1)
    tone = b"".join(
        round(8000 * math.sin(2 * math.pi * 440 * n / 24_000)).to_bytes(2, "little", signed=True)
        for n in range(12_000)
    )
    return bytes(encoder.encode(tone) + encoder.flush())


@pytest.fixture
def google_answers(monkeypatch):
    sent = []
    mp3 = base64.b64encode(fake_gtts_mp3()).decode()

    def send(self, request, **kw):
        sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content_consumed = True
        response._content = f')]}}\'\n[["wrb.fr","jQ1olc","[\\"{mp3}\\"]"]]'.encode()
        response.request = request
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    return sent


@pytest.fixture
def google_unreachable(monkeypatch):
    def send(self, request, **kw):
        raise requests.exceptions.ConnectionError("Failed to establish a new connection")

    monkeypatch.setattr(requests.Session, "send", send)


def test_gtts_audio_is_decoded_and_reencoded_for_alexa(google_answers, tmp_path):
    engine = GTTSEngine("en-GB")
    assert (engine.lang, engine.tld) == ("en", "co.uk")
    samples = engine.synthesize("Hop!")
    assert 0.3 < len(samples) / 24_000 < 0.6
    assert google_answers and "translate.google.co.uk" in google_answers[0].url


def test_gtts_unreachable_is_a_clear_error_and_leaves_no_empty_file(google_unreachable, tmp_path):
    out = tmp_path / "audio"
    with pytest.raises(SpeechEngineError, match="espeak"):
        build_audio(load_routine(), GTTSEngine(), out_dir=out, paces=["quick"])
    files = [p for p in out.rglob("*") if p.is_file()]
    assert all(p.stat().st_size > 0 for p in files)
    assert not any(p.suffix == ".mp3" for p in files)


def test_auto_falls_back_offline_with_one_notice():
    notices = []
    engine = make_engine("auto", reachable=lambda: False, notice=notices.append)
    assert engine.name in ("espeak", "piper")
    assert len(notices) == 1 and "offline" in notices[0]
    assert make_engine("auto", reachable=lambda: True).name == "gtts"


def test_the_manifest_is_plain_json_the_skill_can_read(audio_dir):
    data = json.loads((audio_dir / "en-US" / "manifest.json").read_text())
    assert set(data["paces"]) == {"standard", "quick"}
    assert data["paces"]["standard"][0]["parts"][1]["label"] == "right foot"
    assert data["paces"]["standard"][1]["parts"][0]["sides"] == [[0, "left"], [65_000, "right"]]


def test_each_exercise_has_a_spoken_intro_for_hands_free_mode(audio_dir, routine):
    manifest = load_manifest(audio_dir, "en-US")
    assert list(manifest.intros) == [e.id for e in routine.exercises]
    for number, exercise in enumerate(routine.exercises, 1):
        intro = manifest.intros[exercise.id]
        assert intro.text.startswith(f"Exercise {number} of 6: {exercise.name}.")
        assert exercise.intro in intro.text
        info = MP3(audio_dir / intro.path).info
        assert (info.version, info.bitrate, info.channels) == (2, 48_000, 1)
        assert abs(info.length - intro.duration_ms / 1000) <= 0.15
        assert 3 < info.length < 30
