"""The skill's pictures, drawn here (no images from anywhere else): a bare footprint on a dark
field, as the store icons (108 and 512 px), the "now playing" art and a background.

Shapes are filled by coverage at four times the resolution, for smooth edges.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

FIELD = (16, 42, 67)  # deep navy
FOOT = (123, 211, 137)  # fresh green
GLOW = (27, 62, 92)

# The footprint in a unit square: the sole is a chain of discs along a curved spine, wide at the
# ball, narrow at the arch, round at the heel; the toes are discs on an arc.
SOLE = [  # (t along the spine, radius): interpolated between
    (0.0, 0.115),  # heel
    (0.42, 0.085),  # arch
    (0.8, 0.145),  # ball
    (1.0, 0.13),
]
SPINE = ((0.47, 0.80), (0.60, 0.62), (0.53, 0.40))  # heel, bend of the arch, ball (a curve)
TOES = [  # (x, y, radius): big toe first
    (0.405, 0.215, 0.072),
    (0.515, 0.19, 0.05),
    (0.595, 0.21, 0.043),
    (0.66, 0.255, 0.038),
    (0.71, 0.315, 0.033),
]


def _sole_discs(steps: int = 48) -> list[tuple[float, float, float]]:
    """Discs along the spine (a quadratic curve) whose union is the sole."""
    (x0, y0), (x1, y1), (x2, y2) = SPINE
    ts, radii = zip(*SOLE, strict=True)
    discs = []
    for t in np.linspace(0, 1, steps):
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t * t * x2
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t * t * y2
        discs.append((x, y, float(np.interp(t, ts, radii))))
    return discs


def _foot_mask(size: int, scale: float = 0.8, supersample: int = 4) -> np.ndarray:
    """Coverage (0..1) of the footprint in a size x size square, centred, `scale` of it."""
    n = size * supersample
    axis = (np.arange(n) + 0.5) / n
    x, y = np.meshgrid(axis, axis)
    x, y = (x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5
    inside = np.zeros((n, n), dtype=bool)
    for cx, cy, r in [*_sole_discs(), *TOES]:
        inside |= (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside.reshape(size, supersample, size, supersample).mean(axis=(1, 3))


def _blend(base: np.ndarray, colour: tuple[int, int, int], coverage: np.ndarray) -> np.ndarray:
    return base * (1 - coverage[..., None]) + np.array(colour, dtype=float) * coverage[..., None]


def icon(size: int) -> np.ndarray:
    """The store icon: the footprint on the dark field, edge to edge (Amazon rounds it)."""
    pixels = np.empty((size, size, 3))
    pixels[:] = FIELD
    return _blend(pixels, FOOT, _foot_mask(size))


def background(width: int, height: int) -> np.ndarray:
    """A dark backdrop, lighter towards a large, faint footprint at the right."""
    y, x = np.mgrid[0:height, 0:width]
    light = np.clip(1 - np.hypot(x - 0.72 * width, y - 0.5 * height) / width, 0, 1)
    pixels = np.empty((height, width, 3))
    pixels[:] = FIELD
    pixels = _blend(pixels, GLOW, light * 0.9)
    foot = _foot_mask(height, 0.9, supersample=2) * 0.18
    left = int(0.72 * width - height / 2)
    region = pixels[:, left : left + height]
    pixels[:, left : left + height] = _blend(region, FOOT, foot[:, : region.shape[1]])
    return pixels


def png(pixels: np.ndarray) -> bytes:
    """An RGB image as PNG bytes (Pillow encodes; only `foot-warmup images` needs it)."""
    from PIL import Image  # a dev tool: the running skill serves the committed files

    buffer = io.BytesIO()
    rgb = np.clip(np.round(pixels), 0, 255).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# Every picture the skill uses, by file name: made by `foot-warmup images`, kept in git, served
# by the app from skill/web/static/images. Sizes are Amazon's: store icons 108 and 512 px,
# "now playing" art 480 px, the player's and the screens' background 1024 x 640.
PICTURES = {
    "icon-108.png": lambda: icon(108),
    "icon-512.png": lambda: icon(512),
    "art-480.png": lambda: icon(480),
    "background-1024x640.png": lambda: background(1024, 640),
}
PICTURES_DIR = Path(__file__).resolve().parent.parent / "web" / "static" / "images"


def write_pictures(folder: Path = PICTURES_DIR) -> list[Path]:
    """Draw every picture into `folder`; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in PICTURES.items():
        path = folder / name
        path.write_bytes(png(draw()))
        written.append(path)
    return written
