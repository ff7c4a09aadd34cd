#!/usr/bin/env python3
"""Benchmark the per-request cost of remembering progress, on SQLite and PostgreSQL.

For each engine: the store's own work for one request (read the runner, write the new place),
and whole requests through the Flask app (verification off). Prints median and p99 in ms.
PostgreSQL comes from TEST_DATABASE_URL, or the throwaway server scripts/postgres-for-tests starts.
Usage: .venv/bin/python scripts/bench_store.py [requests]
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skill.audio.build import build_audio  # noqa: E402
from skill.audio.engines import EspeakEngine  # noqa: E402
from skill.core.routine_file import load_routine  # noqa: E402
from skill.storage.store import open_store  # noqa: E402
from skill.web.app import create_app  # noqa: E402
from tests.envelopes import Conversation, body_bytes  # noqa: E402


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered):6.2f} ms   p99 {p99:6.2f} ms"


def store_only(url: str | None, instance: Path, count: int) -> list[float]:
    store = open_store(url, instance)
    timings = []
    for n in range(count):
        user = f"bench-user-{n % 50}"
        started = time.perf_counter()
        attributes = store.load(user)
        attributes["position"] = {"pace": "standard", "exercise": n % 6, "part": 0, "skipped": []}
        store.save(user, attributes)
        timings.append((time.perf_counter() - started) * 1000)
    store.engine.dispose()
    return timings


def through_app(url: str | None, instance: Path, audio: Path, count: int) -> list[float]:
    config = {"ALEXA_VERIFY_REQUESTS": "false", "AUDIO_DIR": str(audio)}
    if url:
        config["DATABASE_URL"] = url
    app = create_app(config, instance_path=str(instance))
    client = app.test_client()
    timings = []
    conversation = None
    while len(timings) < count:
        if conversation is None:
            conversation = Conversation(user_id=f"bench-app-{len(timings)}")
            envelope = conversation.launch()
        else:
            envelope = conversation.intent("AMAZON.NextIntent")
        body = body_bytes(envelope)
        started = time.perf_counter()
        data = client.post("/alexa", data=body).get_json()
        timings.append((time.perf_counter() - started) * 1000)
        conversation.remember(data)
        if data["response"].get("shouldEndSession"):
            conversation = None
    app.extensions["foot_warmup"].store.engine.dispose()
    return timings


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    logging.disable(logging.WARNING)
    postgres = (
        os.environ.get("TEST_DATABASE_URL")
        or subprocess.run(
            [str(ROOT / "scripts" / "postgres-for-tests")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    with tempfile.TemporaryDirectory() as temp:
        audio = Path(temp) / "audio"
        build_audio(load_routine(), EspeakEngine(), out_dir=audio)
        print(f"{count} requests each")
        for name, url in (("sqlite", None), ("postgresql", postgres)):
            if url:
                # Start from an empty schema so earlier runs do not skew the figures.
                from skill.storage.store import user_attributes

                store = open_store(url, Path(temp))
                with store.engine.begin() as connection:
                    connection.execute(user_attributes.delete())
                store.engine.dispose()
            instance = Path(temp) / name
            store_ms = store_only(url, instance, count)
            request_ms = through_app(url, instance, audio, count)
            print(f"{name:10} store read+write  {percentiles(store_ms)}")
            print(f"{name:10} whole request     {percentiles(request_ms)}")
    print(
        "(verification off; the test PostgreSQL runs with fsync=off, "
        "SQLite in WAL mode with synchronous=NORMAL)"
    )


if __name__ == "__main__":
    main()
