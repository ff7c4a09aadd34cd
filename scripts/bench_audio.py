#!/usr/bin/env python3
"""Benchmark the audio build per offline engine: cold build, phrases cached (every MP3
rebuilt), and a no-op rebuild; with the loudness every built file measured after decoding.

Prints figures; asserts nothing (our machines are shared: compare ratios within one run).
gTTS needs Google's service, which our machines cannot reach, so it is not timed here.
Usage: .venv/bin/python scripts/bench_audio.py [engine ...]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from skill.audio.build import build_audio
from skill.audio.engines import SpeechEngineError, make_engine
from skill.core.routine_file import load_routine


def main() -> None:
    routine = load_routine()
    engines = sys.argv[1:] or ["espeak", "piper"]
    print(f"{'engine':8} {'cold':>8} {'cached':>8} {'no-op':>8} {'audio':>8} {'size':>7}  loudness")
    for name in engines:
        try:
            engine = make_engine(name)
        except SpeechEngineError as exc:
            print(f"{name:8} skipped: {str(exc).splitlines()[0]}")
            continue
        out = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        try:
            cold = build_audio(routine, engine, out_dir=out)
            for mp3 in out.rglob("*.mp3"):  # keep the phrase cache, drop the files
                mp3.unlink()
            cached = build_audio(routine, engine, out_dir=out)
            before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
            noop = build_audio(routine, engine, out_dir=out)
            after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
            size = sum(p.stat().st_size for p in out.rglob("*.mp3")) / 1e6
            levels = [lufs for lufs, _ in cold.loudness.values()]
            peak = max(p for _, p in cold.loudness.values())
            print(
                f"{name:8} {cold.seconds:7.1f}s {cached.seconds:7.1f}s "
                f"{noop.seconds * 1000:6.0f}ms {cold.audio_ms / 60000:6.1f}min {size:5.1f}MB"
                f"  {min(levels):.1f} to {max(levels):.1f} LUFS, true peak <= {peak:.1f} dBTP"
                f"  ({len(cold.loudness)} files, {cold.phrases_synthesised} phrases;"
                f" no-op wrote {'nothing' if before == after else 'files'})"
            )
        finally:
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
