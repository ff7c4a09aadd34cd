"""The foot-warmup command: exit codes, messages, and a real subprocess run."""

import subprocess
import sys
from pathlib import Path

import requests
from click.testing import CliRunner

from skill.cli import main
from skill.core.routine_file import default_routine_path


def quick_english(engine: str, out: Path) -> list[str]:
    """build-audio's arguments for the smallest build: one locale, one pace."""
    return [
        "build-audio",
        "--engine",
        engine,
        "--pace",
        "quick",
        "--locale",
        "en-US",
        "--out",
        str(out),
    ]


def test_build_audio_prints_progress_lines_and_a_summary(tmp_path):
    result = CliRunner().invoke(
        main, ["build-audio", "--engine", "espeak", "--pace", "quick", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    # Every locale by default, each with its own words and voice.
    assert "[en-US 1/8] quick plantar_massage" in result.output
    assert "[fr-CA 8/8] hands-free send-offs" in result.output
    for locale in ("en-US", "en-CA", "en-GB", "en-AU", "fr-CA"):
        assert f"Audio ready in {tmp_path}/{locale}:" in result.output
    assert "6 parts (6 built, 0 unchanged)" in result.output
    assert "measured after decoding" in result.output and "LUFS (Amazon asks -14)" in result.output
    assert (tmp_path / "en-US" / "manifest.json").exists()


def test_a_bad_routine_file_exits_1_with_the_field_named(tmp_path):
    routine = tmp_path / "routine.toml"
    routine.write_text(default_routine_path().read_text().replace("reps = 6", "reps = -1"))
    result = CliRunner().invoke(
        main,
        ["build-audio", "--engine", "espeak", "--routine", str(routine), "--out", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "short_foot" in result.output and "reps" in result.output


def test_gtts_unreachable_exits_1_and_auto_falls_back(tmp_path, monkeypatch):
    def send(self, request, **kw):
        raise requests.exceptions.ConnectionError("offline")

    monkeypatch.setattr(requests.Session, "send", send)
    result = CliRunner().invoke(main, ["build-audio", "--engine", "gtts", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "gTTS could not reach" in result.output
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.stat().st_size == 0]

    monkeypatch.setattr("skill.audio.engines.google_reachable", lambda timeout=2.0: False)
    result = CliRunner().invoke(main, quick_english("auto", tmp_path))
    assert result.exit_code == 0, result.output
    assert "not reachable: using the offline" in result.output


def test_unknown_engine_is_a_usage_error():
    result = CliRunner().invoke(main, ["build-audio", "--engine", "siri"])
    assert result.exit_code == 2


def test_the_installed_console_script_runs(tmp_path):
    script = Path(sys.executable).parent / "foot-warmup"
    result = subprocess.run(
        [str(script), *quick_english("espeak", tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Audio ready" in result.stdout
