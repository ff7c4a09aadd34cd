"""The Flask app factory: configuration, routine, audio manifest and the skill, wired once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, jsonify

from skill.alexa.skill_builder import WarmUpSkill
from skill.alexa.time_zones import fetch_time_zone
from skill.alexa.turn import TurnServices
from skill.config import ConfigError, Settings, load_settings
from skill.core.coach import Coach
from skill.core.locales import DEFAULT, LOCALES, nearest
from skill.core.manifest import load_manifest, manifest_path
from skill.core.routine_file import load_routine
from skill.core.words import load_words
from skill.storage.store import AttributesStore, open_store
from skill.web.audio_files import audio_blueprint
from skill.web.endpoint import alexa_blueprint
from skill.web.pages import pages_blueprint
from skill.web.verify import RequestVerifier

log = logging.getLogger(__name__)
EXTENSION = "foot_warmup"


@dataclass(frozen=True)
class Services:
    """What the endpoints share, built once per app."""

    settings: Settings
    coaches: dict[str, Coach]  # locale -> its coach, for every locale with audio built
    skill: WarmUpSkill
    verifier: RequestVerifier | None
    clock: Callable[[], datetime]
    store: AttributesStore


def services() -> Services:
    """The current app's services."""
    return current_app.extensions[EXTENSION]


def audio_paths(shared: Services) -> frozenset[str]:
    """Every audio file any locale's manifest lists: the only files /audio serves."""
    return frozenset().union(*(coach.manifest.paths() for coach in shared.coaches.values()))


def load_coaches(audio_dir: Path) -> dict[str, Coach]:
    """A coach for every locale whose audio is built in `audio_dir` (at least one)."""
    coaches = {}
    for locale in LOCALES:
        if not manifest_path(audio_dir, locale).is_file():
            continue
        routine = load_routine(locale=locale)
        manifest = load_manifest(audio_dir, locale)
        if manifest.routine_version != routine.version:
            raise ConfigError(
                f"The {locale} audio in {audio_dir} was built from another version of the "
                f"routine. Rebuild it: foot-warmup build-audio --out {audio_dir}"
            )
        coaches[locale] = Coach(routine, manifest, load_words(locale))
    if not coaches:
        load_manifest(audio_dir, DEFAULT)  # raises the error that says how to build it
    return coaches


class CoachRouter:
    """Request locale -> the coach that answers it: its own, else the nearest (logged once)."""

    def __init__(self, coaches: dict[str, Coach]) -> None:
        self.coaches = coaches
        self.available = tuple(coaches)
        self.told: set[str] = set()

    def __call__(self, locale: str) -> Coach:
        chosen = nearest(locale, self.available)
        if chosen != locale and locale not in self.told:
            self.told.add(locale)
            log.info("requests in %r are answered in %s, the nearest locale served", locale, chosen)
        return self.coaches[chosen]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    test_config: Mapping[str, str] | None = None,
    *,
    verifier: RequestVerifier | None = None,
    clock: Callable[[], datetime] = _utc_now,
    zone_lookup: Callable[[str, str, str], str | None] | None = None,
    instance_path: str | None = None,
) -> Flask:
    """Build the web app; settings come from the environment unless test_config is given."""
    settings = load_settings(test_config)
    app = Flask(__name__, instance_path=instance_path)
    coaches = load_coaches(settings.audio_dir)
    store = open_store(settings.database_url, Path(app.instance_path))
    if zone_lookup is None and settings.verify_requests:
        # Only a request signed by Alexa carries a token worth showing Amazon's settings API.
        zone_lookup = fetch_time_zone
    turn_services = TurnServices(
        coach_for=CoachRouter(coaches),
        store=store,
        audio_url=settings.audio_url,
        image_url=settings.image_url,
        clock=clock,
        zone_lookup=zone_lookup,
    )

    if settings.verify_requests:
        verifier = verifier or RequestVerifier(clock=clock)
    else:
        verifier = None
        log.warning(
            "\n%s\n  ALEXA_VERIFY_REQUESTS=false: requests are NOT checked to come from Alexa.\n"
            "  Use this for local development only, never on a public address.\n%s",
            "!" * 72,
            "!" * 72,
        )

    app.extensions[EXTENSION] = Services(
        settings=settings,
        coaches=coaches,
        skill=WarmUpSkill(turn_services),
        verifier=verifier,
        clock=clock,
        store=store,
    )
    app.register_blueprint(alexa_blueprint)
    app.register_blueprint(audio_blueprint)
    app.register_blueprint(pages_blueprint)
    log.info("speaking %s", ", ".join(coaches))

    @app.get("/healthz")
    def healthz():
        """200 when the skill can serve; 503 naming what is missing when it cannot."""
        shared = services()
        paths = audio_paths(shared)
        body = {
            "status": "ok",
            "locales": list(shared.coaches),
            "routine_version": {loc: c.routine.version for loc, c in shared.coaches.items()},
            "audio_engine": {loc: c.manifest.engine for loc, c in shared.coaches.items()},
            "audio_files": len(paths),
            "verify_requests": shared.settings.verify_requests,
            "database": shared.store.engine.dialect.name,
        }
        if shared.settings.audio_base_url is None:  # served from here: every file must be
            folder = shared.settings.audio_dir
            missing = sorted(p for p in paths if not (folder / p).is_file())
            if missing:
                body["status"] = "audio files missing"
                body["missing"] = missing[:20]
                body["fix"] = f"foot-warmup build-audio --out {folder}"
                return jsonify(body), 503
        return jsonify(body)

    return app
