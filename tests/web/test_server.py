"""The real server (gunicorn, as the Procfile runs it) answers over HTTP on localhost."""

import json
import re
import urllib.request

import pytest

from tests.envelopes import Conversation, body_bytes
from tests.servers import free_port, start_server, stop_server


@pytest.fixture
def server(audio_dir, tmp_path):
    port = free_port()
    env = {"AUDIO_DIR": str(audio_dir), "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"}
    process = start_server(env, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


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
