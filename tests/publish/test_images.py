"""The pictures the project draws for itself, as committed and as served."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from skill.publish.images import PICTURES, PICTURES_DIR, png


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_each_committed_picture_is_what_the_drawing_code_makes(name):
    with Image.open(PICTURES_DIR / name) as image:
        committed = np.asarray(image.convert("RGB"))
    with Image.open(io.BytesIO(png(PICTURES[name]()))) as image:
        drawn = np.asarray(image.convert("RGB"))
    # Pixels, not bytes: another Pillow may compress the same picture differently.
    assert committed.shape == drawn.shape
    assert np.abs(committed.astype(int) - drawn.astype(int)).max() <= 1, (
        f"{name} is out of date: run foot-warmup images"
    )


def test_sizes_are_the_ones_amazon_asks_for():
    sizes = {}
    for name in PICTURES:
        with Image.open(PICTURES_DIR / name) as image:
            sizes[name] = image.size
    assert sizes == {
        "icon-108.png": (108, 108),
        "icon-512.png": (512, 512),
        "art-480.png": (480, 480),
        "background-1024x640.png": (1024, 640),
    }


def test_the_app_serves_them(client):
    response = client.get("/static/images/art-480.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    response.close()
    assert client.get("/static/images/../app.py").status_code == 404
