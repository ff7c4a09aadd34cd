#!/usr/bin/env python3
"""Benchmark a launch and a "next" through create_app() against a bare Flask JSON route.

Both run in this process, interleaved, through Flask's test client with the same envelope
bytes, so the machine's noise hits them alike: the ratio is the figure to compare. The skill
runs on its defaults (SQLite in a temporary folder, verification off, espeak-built audio).
Usage: .venv/bin/python scripts/bench_requests.py [rounds] [--profile [--tottime]]
"""

from __future__ import annotations

import cProfile
import logging
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask, jsonify, request  # noqa: E402

from skill.audio.build import build_audio  # noqa: E402
from skill.audio.engines import EspeakEngine  # noqa: E402
from skill.core.routine_file import load_routine  # noqa: E402
from skill.web.app import create_app  # noqa: E402
from tests.envelopes import Conversation, body_bytes  # noqa: E402


def bare_app() -> Flask:
    """The least a JSON webhook can do: parse the body, answer with JSON."""
    app = Flask("bare")

    @app.post("/alexa")
    def answer():
        request.get_json(force=True)
        return jsonify(version="1.0", response={})

    return app


def timed(client, body: bytes) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.post("/alexa", data=body, content_type="application/json")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.get_data(as_text=True)
    return elapsed, response.get_json()


def run(rounds: int, skill_client, bare_client) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"bare": [], "launch": [], "next": []}
    for n in range(rounds):
        conversation = Conversation(user_id=f"amzn1.ask.account.BENCH{n:05d}")
        launch = body_bytes(conversation.launch())
        times["bare"].append(timed(bare_client, launch)[0])
        elapsed, data = timed(skill_client, launch)
        times["launch"].append(elapsed)
        conversation.remember(data)
        nxt = body_bytes(conversation.intent("AMAZON.NextIntent"))
        times["bare"].append(timed(bare_client, nxt)[0])
        times["next"].append(timed(skill_client, nxt)[0])
    return times


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(args[0]) if args else 1000
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as temp:
        audio = Path(temp) / "audio"
        build_audio(load_routine(), EspeakEngine(), out_dir=audio)
        config = {"ALEXA_VERIFY_REQUESTS": "false", "AUDIO_DIR": str(audio)}
        app = create_app(config, instance_path=str(Path(temp) / "instance"))
        skill_client, bare_client = app.test_client(), bare_app().test_client()
        run(50, skill_client, bare_client)  # warm up: imports, caches, the database file
        if "--profile" in sys.argv:
            profile = cProfile.Profile()
            profile.enable()
            run(rounds, skill_client, bare_client)
            profile.disable()
            order = "tottime" if "--tottime" in sys.argv else "cumulative"
            pstats.Stats(profile).sort_stats(order).print_stats(40)
            return
        times = run(rounds, skill_client, bare_client)
        app.extensions["foot_warmup"].store.engine.dispose()
    bare = statistics.median(times["bare"])
    print(f"{rounds} rounds (a new runner each: launch, then next), medians:")
    print(f"  bare Flask JSON route  {bare:6.3f} ms")
    for name in ("launch", "next"):
        median = statistics.median(times[name])
        print(f"  {name:22} {median:6.3f} ms   {median / bare:4.1f} x bare")
    both = statistics.median(times["launch"] + times["next"])
    print(f"  launch and next        {both:6.3f} ms   {both / bare:4.1f} x bare")


if __name__ == "__main__":
    main()
