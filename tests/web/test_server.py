"""The real server (foot-warmup serve, as scripts/run and the Procfile start it) over HTTP."""

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


def test_healthz_stays_quick_while_32_slow_clients_trickle_bodies_and_headers(server):
    """Sixteen clients dribble a body a byte at a time and sixteen dribble their headers:
    the server waits on all of them at once and /healthz still answers within a second."""
    import socket
    import threading
    import time

    host, port = "127.0.0.1", int(server.rsplit(":", 1)[1])
    stop = threading.Event()
    sockets = []

    def trickle(kind):
        sock = socket.create_connection((host, port), timeout=5)
        sockets.append(sock)
        if kind == "body":
            sock.sendall(b"POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n")
            dribble = b"{" + b" " * 3999
        else:
            dribble = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
        for byte in dribble:
            if stop.is_set():
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return
            time.sleep(0.05)

    threads = [threading.Thread(target=trickle, args=(k,)) for k in ["body", "headers"] * 16]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)  # every slow client is connected and sending
        for _ in range(5):
            started = time.monotonic()
            with urllib.request.urlopen(f"{server}/healthz", timeout=1) as response:
                assert response.status == 200
            assert time.monotonic() - started < 1.0
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
        for thread in threads:
            thread.join()
