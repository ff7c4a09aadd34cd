"""The real server, as scripts/run and the Procfile start it (foot-warmup serve, waitress),
on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """Start the server in its own process group and wait until /healthz answers."""
    inherited = {k: v for k, v in os.environ.items() if k != "ALEXA_SKILL_ID"}
    full_env = {**inherited, "ALEXA_VERIFY_REQUESTS": "false", "PORT": str(port), **env}
    command = Path(sys.executable).parent / "foot-warmup"
    process = subprocess.Popen(
        [str(command), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so a kill reaches every worker
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process, signal.SIGKILL)
                pytest.fail("the server did not start")
            time.sleep(0.1)


def stop_server(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the whole process group and wait for it."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    process.wait(timeout=15)


def run_node(script: str, payload: object) -> object:
    """Run one of tests/js/*.js with a JSON payload on stdin; its JSON output."""
    import json

    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)
