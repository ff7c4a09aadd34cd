"""The real server (gunicorn, as the Procfile runs it) answers over HTTP on localhost."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.envelopes import Conversation, body_bytes

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(audio_dir):
    port = free_port()
    env = {
        **os.environ,
        "ALEXA_VERIFY_REQUESTS": "false",
        "AUDIO_DIR": str(audio_dir),
        "PORT": str(port),
    }
    env.pop("ALEXA_SKILL_ID", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "skill.app:create_app()", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"server did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)
    process.stderr.close()


def test_a_launch_over_http_plays_audio_that_downloads(server):
    request = urllib.request.Request(
        f"{server}/alexa",
        data=body_bytes(Conversation().launch()),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.load(response)
    ssml = data["response"]["outputSpeech"]["ssml"]
    assert "Exercise 1 of 6: plantar massage" in ssml
    urls = re.findall(r'<audio src="([^"]+)"/>', ssml)
    assert len(urls) == 1 and urls[0].startswith(
        f"{server.replace('127.0.0.1', 'localhost')}/audio/"
    )
    audio_url = urls[0].replace("localhost", "127.0.0.1")
    with urllib.request.urlopen(audio_url, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "audio/mpeg"
        assert response.read(2) == b"\xff\xf3"  # an MPEG-2 layer III frame header


def test_garbage_over_http_is_400(server):
    request = urllib.request.Request(f"{server}/alexa", data=b"{not json")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    caught.value.close()
