"""Starting the server as scripts/run and the Procfile do: every configuration mistake is one
line naming the variable and the fix, a non-zero exit, and no traceback; .env is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVE = [str(Path(sys.executable).parent / "foot-warmup"), "serve", "--port", "8999"]
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def start(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALEXA_", "PUBLIC_", "AUDIO_", "DATABASE_"))
    }
    return subprocess.run(
        SERVE, env={**clean, **env}, cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def production(audio_dir):
    return {
        "ALEXA_SKILL_ID": SKILL_ID,
        "PUBLIC_BASE_URL": "https://warmup.example.com",
        "AUDIO_DIR": str(audio_dir),
    }


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"ALEXA_SKILL_ID": ""}, "ALEXA_SKILL_ID is not set"),
        ({"ALEXA_SKILL_ID": "my-skill"}, "ALEXA_SKILL_ID='my-skill' does not look like a skill ID"),
        ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL is not set"),
        (
            {"PUBLIC_BASE_URL": "https://warmup.example.com/alexa"},
            "PUBLIC_BASE_URL='https://warmup.example.com/alexa' has '/alexa' after the host",
        ),
        ({"PUBLIC_BASE_URL": "https://warmup.example.com?x=1"}, "has '?x=1' after the host"),
        (
            {"PUBLIC_BASE_URL": "http://warmup.example.com"},
            "PUBLIC_BASE_URL='http://warmup.example.com' must be https",
        ),
        (
            {"PUBLIC_BASE_URL": "warmup.example.com"},
            "PUBLIC_BASE_URL='warmup.example.com' is not a web address",
        ),
        ({"AUDIO_BASE_URL": "https://cdn.example.com/a?b"}, "AUDIO_BASE_URL="),
        ({"ALEXA_VERIFY_REQUESTS": "maybe"}, "ALEXA_VERIFY_REQUESTS='maybe': use true or false"),
        ({"PORT": "eighty"}, "PORT='eighty'"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must be a postgresql://"),
        (
            {"DATABASE_URL": "postgresql://u:p@127.0.0.1:1/x"},
            "cannot open the database at postgresql+psycopg://u:***@127.0.0.1:1/x (DATABASE_URL)",
        ),
        ({"WEB_THREADS": "abc"}, "WEB_THREADS='abc': use a whole number from 1 to 64"),
        ({"WEB_THREADS": "0"}, "WEB_THREADS='0'"),  # waitress would start and never answer
        (
            {"ALEXA_SKILL_ID": "amzn1.ask.skill.paste-your-skill-id-here"},
            "ALEXA_SKILL_ID is still the placeholder from .env.example",
        ),
        (
            {"AUDIO_DIR": "/nonexistent"},
            "No audio manifest at /nonexistent/en-US/manifest.json. Build the audio first",
        ),
    ],
)
def test_each_mistake_is_one_line_and_a_non_zero_exit(production, tmp_path, change, names):
    env = {**production, **change}
    if "PORT" in change:
        serve = [*SERVE[:2], "--port", change["PORT"]]
        result = subprocess.run(
            serve,
            env={**os.environ, **env},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    else:
        result = start(env, tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and names in lines[0], lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_audio_from_another_routine_says_rebuild(production, tmp_path, audio_dir):
    manifest = json.loads((audio_dir / "en-US" / "manifest.json").read_text())
    manifest["routine_version"] = "older"
    (tmp_path / "audio" / "en-US").mkdir(parents=True)
    (tmp_path / "audio" / "en-US" / "manifest.json").write_text(json.dumps(manifest))
    result = start({**production, "AUDIO_DIR": str(tmp_path / "audio")}, tmp_path)
    assert result.returncode != 0 and "Rebuild it: foot-warmup build-audio" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_dotenv_is_read_and_the_environment_wins(production, tmp_path):
    (tmp_path / ".env").write_text(
        "# a comment\nALEXA_SKILL_ID=not-a-skill-id\nPUBLIC_BASE_URL=https://from-dotenv.example\n"
    )
    from_file = start({"AUDIO_DIR": production["AUDIO_DIR"]}, tmp_path)
    assert "ALEXA_SKILL_ID='not-a-skill-id'" in from_file.stderr  # read from .env
    overridden = start({**production, "PUBLIC_BASE_URL": "https://warmup.example.com/x"}, tmp_path)
    assert "PUBLIC_BASE_URL='https://warmup.example.com/x'" in overridden.stderr


def test_every_setting_the_code_reads_is_in_env_example():
    import re

    root = Path(__file__).resolve().parents[2]
    read = set()
    for path in [*root.joinpath("skill").rglob("*.py"), root / "scripts" / "run"]:
        text = path.read_text()
        read |= set(re.findall(r'(?:env|environ)\.get\(\s*"([A-Z_]+)"', text))
        read |= set(re.findall(r"^default ([A-Z_]+) ", text, re.M))
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    assert read and read <= listed, read - listed


def test_it_says_it_listens_only_once_it_does_and_stops_cleanly_on_sigterm(production, tmp_path):
    import signal
    import socket
    import time

    with socket.socket() as taken:  # a port already in use: one error line, no false promise
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = subprocess.run(
            [*SERVE[:2], "--port", port],
            env={**os.environ, **production},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert busy.returncode == 1 and "listening" not in busy.stderr
    assert (
        busy.stderr.strip().splitlines()[-1].startswith(f"error: cannot listen on 127.0.0.1:{port}")
    )

    server = subprocess.Popen(
        [*SERVE[:2], "--port", port],
        env={**os.environ, **production},
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        line = ""
        while "listening on" not in line and time.monotonic() < deadline:
            line = server.stderr.readline()
        assert f"listening on http://127.0.0.1:{port}/alexa" in line
        server.send_signal(signal.SIGTERM)  # what a host sends on every deploy
        rest = server.communicate(timeout=30)[1]
    finally:
        server.kill()
    assert server.returncode == 0 and "stopping (SIGTERM)" in rest and "Traceback" not in rest
