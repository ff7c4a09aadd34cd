"""Serving the app: settings from the environment and `.env`, a one-line error for any mistake
in them, and waitress in front.

waitress reads each request whole (headers and body) on its own I/O loop before a worker thread
sees it, so clients that trickle a body or headers slowly, by accident or to tie the server up,
cost a socket each and never a worker: `/healthz` and real Alexa requests stay quick.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

from flask import Flask

log = logging.getLogger("skill.web.server")
# Real Alexa requests are a few KB: anything much bigger is refused before the app sees it.
MAX_BODY_BYTES = 256 * 1024
# Far more threads than this only adds memory: requests take about a millisecond each.
MAX_THREADS = 64
# A connection that sends nothing for this long is closed (waitress's default is two minutes).
IDLE_TIMEOUT_S = 30


class StartError(RuntimeError):
    """The server cannot start; the message is one line saying what to fix."""


def read_dotenv(folder: Path | None = None) -> Path | None:
    """Load `.env` (from the current folder up), as Flask's own tooling does; variables already
    set in the environment win. Returns the file read, if any."""
    from dotenv import find_dotenv, load_dotenv

    found = find_dotenv(str(folder / ".env"), usecwd=True) if folder else find_dotenv(usecwd=True)
    if not found:
        return None
    load_dotenv(found, override=False)
    return Path(found)


def build_app() -> Flask:
    """The app from the environment; StartError with one line for anything misconfigured."""
    from skill.config import ConfigError
    from skill.core.manifest import ManifestError
    from skill.core.routine import RoutineError
    from skill.storage.store import StoreError
    from skill.web.app import create_app

    try:
        return create_app()
    except (ConfigError, ManifestError, RoutineError, StoreError) as exc:
        raise StartError(" ".join(str(exc).split())) from None


def serve(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve until stopped; StartError if the address cannot be listened on. SIGTERM (what a
    host sends on every deploy) lets requests under way finish, then exits cleanly."""
    from waitress.server import create_server

    logging.getLogger("waitress").setLevel(logging.INFO)
    try:
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            channel_timeout=IDLE_TIMEOUT_S,
            max_request_body_size=MAX_BODY_BYTES,
            ident="foot-warmup",
        )
    except OSError as exc:
        raise StartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None

    def stop(signum: int, _frame: object) -> None:
        log.info("stopping (%s): finishing the requests under way", signal.Signals(signum).name)
        raise SystemExit(0)  # waitress's loop catches it and waits for its worker threads

    signal.signal(signal.SIGTERM, stop)
    # Said once the port is ours (never followed by "address already in use") and a stop is
    # handled.
    log.info("Foot Warm Up is listening on http://%s:%s/alexa", host, port)
    server.run()
    log.info("stopped")


def threads_from(value: str | None) -> int:
    """WEB_THREADS as a number of worker threads, or StartError naming it."""
    return _whole_number(
        "WEB_THREADS", value, 8, 1, MAX_THREADS, f"a whole number from 1 to {MAX_THREADS}"
    )


def port_from(value: str | None) -> int:
    """PORT as a number, or StartError naming it."""
    return _whole_number("PORT", value, 8000, 1, 65535, "a TCP port number such as 8000")


def _whole_number(name: str, value: str | None, default: int, low: int, high: int, use: str) -> int:
    """A number given on the command line or in the environment, within its range."""
    raw = (value or os.environ.get(name, "") or str(default)).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise StartError(f"{name}={raw!r}: use {use}")
    return int(raw)
