"""GET /audio/<path>: serves only the files the manifest lists, cached for a long time."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory

audio_blueprint = Blueprint("audio", __name__)

# Names carry a hash of their content, so a file never changes under its name.
ONE_YEAR_S = 365 * 24 * 3600


@audio_blueprint.get("/audio/<path:path>")
def audio_file(path: str):
    """One manifest-listed MP3; anything else (traversal included) is a plain 404."""
    from skill.web.app import audio_paths  # the app imports this module first

    shared = current_app.extensions["foot_warmup"]
    if path not in audio_paths(shared):
        abort(404)
    response = send_from_directory(
        shared.settings.audio_dir.resolve(),
        path,
        mimetype="audio/mpeg",
        max_age=ONE_YEAR_S,
        conditional=True,
    )
    response.cache_control.immutable = True
    response.cache_control.public = True
    return response
