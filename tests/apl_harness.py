"""Amazon's own APL tools, driven from the tests: apl-suggester validates a document,
apl-viewhost-web 1.4.0 renders it in headless chromium (tests/js/apl, one browser per viewport).

    validate(path)                      -> {"errors": [...], "warnings": [...]}
    render(path, viewports, out, at=[...], press="next")
                                        -> summary: per viewport, snapshots (texts, clipped,
                                           overlaps), the fonts drawn, the SendEvent a touch made
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "tests" / "js" / "apl"
# Hub viewports as render.js renders them: name -> (width dp, height dp, shape).
VIEWPORTS = {
    "hubRoundSmall": (480, 480, "ROUND"),  # Echo Spot
    "hubLandscapeSmall": (960, 480, "RECTANGLE"),  # Echo Show 5
    "hubLandscapeMedium": (960, 600, "RECTANGLE"),  # Echo Show 8
    "hubLandscapeLarge": (1280, 800, "RECTANGLE"),  # Echo Show 10
    "hubLandscapeXLarge": (1920, 1080, "RECTANGLE"),  # Echo Show 15 and 21
}


def _node(args: list[str], timeout: float) -> tuple[int, Any]:
    result = subprocess.run(
        ["node", *args], cwd=SCRIPTS, capture_output=True, text=True, timeout=timeout
    )
    if not result.stdout.strip():
        raise RuntimeError(
            f"{args[0]} printed nothing ({result.returncode}): {result.stderr[-2000:]}"
        )
    return result.returncode, json.loads(result.stdout)


def validate(path: Path) -> dict[str, Any]:
    """apl-suggester's findings for a RenderDocument payload file."""
    return _node(["validate.js", str(path)], 60)[1]


def render(
    path: Path,
    viewports: Iterable[str],
    out: Path,
    *,
    at: tuple[int, ...] = (0,),
    press: str | None = None,
    jobs: int = 2,
) -> dict[str, Any]:
    """Render at each viewport, the document's clock jumped to each time in `at` (ms)."""
    args = ["render.js", str(path), ",".join(viewports), str(out), "--fast", "--jobs", str(jobs)]
    args += ["--at", ",".join(str(t) for t in at)]
    if press:
        args += ["--press", press]
    code, summary = _node(args, 60 + 15 * len(viewports))
    failed = [v for v in summary.get("viewports", []) if not v.get("ok")]
    if code != 0 or failed:
        raise RuntimeError(f"render.js failed: {json.dumps(failed)[:3000]}")
    return summary


def problems(summary: dict[str, Any]) -> list[str]:
    """Clipped or overlapping text and buttons, readable."""
    found = []
    for viewport in summary["viewports"]:
        name = viewport["viewport"]["name"]
        for snap in viewport["snapshots"]:
            found += [
                f"{name} @{snap['atMs']}: {c['component']} {c['why']}" for c in snap["clipped"]
            ]
            found += [
                f"{name} @{snap['atMs']}: {o['a']} overlaps {o['b']}" for o in snap["overlaps"]
            ]
    return found


def components(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of one snapshot, with its bounds."""
    return json.loads(Path(snapshot["json"]).read_text("utf-8"))["components"]
