"""An ASK CLI project for the skill: `ask deploy` from the folder it writes creates or updates
the skill in the Alexa developer console, with this server as its endpoint.

    <out>/ask-resources.json                                 which folder holds the package
    <out>/skill-package/skill.json                           the manifest
    <out>/skill-package/interactionModels/custom/<loc>.json  one model per locale
    <out>/skill-package/assets/images/icon-108.png, ...-512  the store icons

The layout and formats are the ones ask-cli 2.x reads (checked in tests/publish by running the
real CLI against a stand-in for Amazon's SMAPI service).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from skill.config import ConfigError, base_url
from skill.core.listing import load_listing
from skill.publish.images import PICTURES_DIR

ROOT = Path(__file__).resolve().parent.parent.parent
MODELS_DIR = ROOT / "interaction_models"
PACKAGE = "skill-package"
# Both ways the ASK CLI names a profile: `ask configure` writes "default"; with the four
# ASK_* / AWS_* variables set (CI) it uses this one.
PROFILES = ("default", "__ENVIRONMENT_ASK_PROFILE__")
ICONS = {"smallIconUri": "icon-108.png", "largeIconUri": "icon-512.png"}
CATEGORY = "HEALTH_AND_FITNESS"
COUNTRIES = ("CA", "US", "GB", "AU")
# The screens tests/alexa/test_screen_render.py renders the skill's documents at: every
# landscape Echo Show, from the Show 5 (960 x 480 dp) to the Show 15 and 21 (1920 x 1080), and
# the round Echo Spot (480 x 480).
VIEWPORTS = [
    {
        "mode": "HUB",
        "shape": "RECTANGLE",
        "minWidth": 960,
        "maxWidth": 1920,
        "minHeight": 480,
        "maxHeight": 1200,
    },
    {
        "mode": "HUB",
        "shape": "ROUND",
        "minWidth": 480,
        "maxWidth": 480,
        "minHeight": 480,
        "maxHeight": 480,
    },
]


def model_locales() -> tuple[str, ...]:
    """Every locale with an interaction model."""
    return tuple(sorted(p.stem for p in MODELS_DIR.glob("*.json")))


def manifest(public_base_url: str, locales: tuple[str, ...]) -> dict[str, Any]:
    """skill.json: the store listing per locale, privacy, and this server as the endpoint."""
    endpoint = {"uri": f"{public_base_url}/alexa", "sslCertificateType": "Trusted"}
    listings = {}
    privacy = {}
    for locale in locales:
        listing = load_listing(locale)
        listings[locale] = {
            "name": listing.name,
            "summary": listing.summary,
            "description": listing.description,
            "examplePhrases": list(listing.example_phrases),
            "keywords": list(listing.keywords),
            **{key: f"file://assets/images/{name}" for key, name in ICONS.items()},
        }
        privacy[locale] = {"privacyPolicyUrl": f"{public_base_url}/privacy?locale={locale}"}
    first = load_listing(locales[0])
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": listings,
                "isAvailableWorldwide": False,
                "distributionCountries": list(COUNTRIES),
                "distributionMode": "PUBLIC",
                "category": CATEGORY,
                "testingInstructions": first.testing_instructions,
            },
            "privacyAndCompliance": {
                "locales": privacy,
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
            },
            "apis": {
                "custom": {
                    "endpoint": endpoint,
                    "interfaces": [
                        {"type": "AUDIO_PLAYER"},
                        {"type": "ALEXA_PRESENTATION_APL", "supportedViewports": VIEWPORTS},
                    ],
                }
            },
            # Disabling the skill deletes what is kept about the runner (see /privacy).
            "events": {
                "endpoint": endpoint,
                "subscriptions": [{"eventName": "SKILL_DISABLED"}],
            },
        }
    }


def _cli_json(data: Any) -> str:
    """JSON as the ASK CLI writes it back (JSON.stringify(x, null, 2), no final newline), so a
    deploy that rewrites skill.json leaves it unchanged."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def write_project(out: Path, public_base_url: str, locales: tuple[str, ...] = ()) -> list[Path]:
    """Write the ASK CLI project into `out` (made if missing); the files written."""
    example = "https://warmup.example.com"
    base = base_url("PUBLIC_BASE_URL", public_base_url.strip().rstrip("/"), True, example)
    locales = locales or model_locales()
    missing = [loc for loc in locales if not (MODELS_DIR / f"{loc}.json").is_file()]
    if missing:
        raise ConfigError(f"no interaction model for {', '.join(missing)} in {MODELS_DIR}")
    package = out / PACKAGE
    # Rewritten whole, so nothing left from an earlier run (a model for a locale since dropped)
    # is deployed; the CLI's own .ask/ folder beside it is kept.
    shutil.rmtree(package, ignore_errors=True)
    written = []

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    resources = {
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {name: {"skillMetadata": {"src": f"./{PACKAGE}"}} for name in PROFILES},
    }
    write(out / "ask-resources.json", _cli_json(resources) + "\n")
    write(package / "skill.json", _cli_json(manifest(base, locales)))
    for locale in locales:
        model = json.loads((MODELS_DIR / f"{locale}.json").read_text(encoding="utf-8"))
        write(package / "interactionModels" / "custom" / f"{locale}.json", _cli_json(model))
    for name in ICONS.values():
        target = package / "assets" / "images" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PICTURES_DIR / name, target)
        written.append(target)
    # The CLI keeps the skill's ID in .ask/ask-states.json after the first deploy: not for git.
    write(out / ".gitignore", ".ask/\n")
    return written
