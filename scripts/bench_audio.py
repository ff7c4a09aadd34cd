#!/usr/bin/env python3
"""Benchmark the audio build: full build per offline engine, warm cache, and no-op rebuild.

Prints figures; asserts nothing (our machines are shared: compare ratios within one run).
Usage: .venv/bin/python scripts/bench_audio.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from skill.audio.build import build_audio
from skill.audio.engines import SpeechEngineError, make_engine
from skill.core.routine_file import load_routine


def main() -> None:
    routine = load_routine()
    print(
        f"{'engine':8} {'cold build':>11} {'warm cache':>11} {'no-op':>8} {'audio':>9} {'size':>8}"
    )
    for name in ("espeak", "piper"):
        try:
            engine = make_engine(name)
        except SpeechEngineError as exc:
            print(f"{name:8} skipped: {str(exc).splitlines()[0]}")
            continue
        out = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        try:
            cold = build_audio(routine, engine, out_dir=out)
            for mp3 in out.rglob("*.mp3"):  # keep the phrase cache, drop the parts
                mp3.unlink()
            warm = build_audio(routine, engine, out_dir=out)
            noop = build_audio(routine, engine, out_dir=out)
            size = sum(p.stat().st_size for p in out.rglob("*.mp3")) / 1e6
            print(
                f"{name:8} {cold.seconds:10.2f}s {warm.seconds:10.2f}s {noop.seconds * 1000:6.1f}ms"
                f" {cold.audio_ms / 60000:7.1f}min {size:6.1f}MB"
                f"   ({cold.parts} parts, {cold.phrases_synthesised} phrases;"
                f" real-time factor {cold.audio_ms / 1000 / cold.seconds:.0f}x)"
            )
        finally:
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
