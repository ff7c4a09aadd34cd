"""Settings from environment variables, read once at start-up, failing closed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
DEFAULT_PORT = 8000
PLACEHOLDER_ID = "amzn1.ask.skill.paste-your-skill-id-here"  # .env.example's, never a real one


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message names the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    """Everything the skill reads from its environment."""

    skill_id: str | None
    verify_requests: bool
    public_base_url: str
    audio_dir: Path
    port: int
    database_url: str | None = None  # None: a SQLite file in the instance folder
    locale: str = "en-US"
    audio_base_url: str | None = None  # where the audio is served from, if not this server

    def image_url(self, name: str) -> str:
        """The address of one of the project's pictures (skill/web/static/images)."""
        return f"{self.public_base_url}/static/images/{name}"

    def audio_url(self, path: str) -> str:
        """The public URL of one audio file listed in the manifest."""
        if self.audio_base_url:
            return f"{self.audio_base_url}/{path}"
        return f"{self.public_base_url}/audio/{path}"


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={env[name]!r}: use true or false")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and check the settings; raise ConfigError rather than run insecurely."""
    env = os.environ if env is None else env
    verify = _flag(env, "ALEXA_VERIFY_REQUESTS", default=True)

    port_raw = env.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not port_raw.isdigit() or not 0 < int(port_raw) < 65536:
        raise ConfigError(f"PORT={port_raw!r}: use a TCP port number such as {DEFAULT_PORT}")
    port = int(port_raw)

    skill_id = env.get("ALEXA_SKILL_ID", "").strip() or None
    if skill_id is not None and not skill_id.startswith("amzn1.ask.skill."):
        raise ConfigError(
            f"ALEXA_SKILL_ID={skill_id!r} does not look like a skill ID "
            "(amzn1.ask.skill.…); copy it from the Alexa developer console"
        )
    if skill_id == PLACEHOLDER_ID:
        raise ConfigError(
            "ALEXA_SKILL_ID is still the placeholder from .env.example: set it to your skill's "
            "ID (ask deploy prints it; see the README), or set ALEXA_VERIFY_REQUESTS=false for "
            "local development only."
        )
    if verify and skill_id is None:
        raise ConfigError(
            "ALEXA_SKILL_ID is not set. Copy your skill's ID from the Alexa developer console, "
            "or set ALEXA_VERIFY_REQUESTS=false for local development only."
        )

    base = env.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if not base:
        if verify:
            raise ConfigError(
                "PUBLIC_BASE_URL is not set: set it to the https address Alexa reaches this "
                "server at (audio URLs are built from it), e.g. https://warmup.example.com"
            )
        base = f"http://localhost:{port}"
    base = base_url("PUBLIC_BASE_URL", base, verify, "https://warmup.example.com")
    public_port = urlsplit(base).port
    if verify and public_port not in (None, 443):
        raise ConfigError(
            f"PUBLIC_BASE_URL={base!r}: Alexa calls skills on port 443 only; drop "
            f"':{public_port}' and put your HTTPS proxy on 443"
        )
    audio_base = env.get("AUDIO_BASE_URL", "").strip().rstrip("/") or None
    if audio_base is not None:
        audio_base = base_url(
            "AUDIO_BASE_URL", audio_base, verify, "https://cdn.example.com/foot-warmup", path=True
        )

    audio_dir = Path(env.get("AUDIO_DIR", "").strip() or "audio")
    database_url = env.get("DATABASE_URL", "").strip() or None
    if database_url is not None and not database_url.startswith(
        ("sqlite:", "postgres://", "postgresql://", "postgresql+psycopg://")
    ):
        raise ConfigError(
            "DATABASE_URL must be a postgresql://user:password@host/db address "
            "(or unset for the built-in SQLite file)"
        )
    return Settings(
        skill_id=skill_id,
        verify_requests=verify,
        public_base_url=base,
        audio_dir=audio_dir,
        port=port,
        database_url=database_url,
        audio_base_url=audio_base,
    )


def base_url(name: str, value: str, verify: bool, example: str, path: bool = False) -> str:
    """An http(s) address with nothing after the host (or, with `path`, after a folder)."""
    wrong = ConfigError(f"{name}={value!r} is not a web address; use one like {example}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        raise wrong from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise wrong
    if parts.username or parts.password:
        raise ConfigError(f"{name}={value!r} has a user name or password in it; remove it")
    if parts.query or parts.fragment or (parts.path and not path):
        extra = value[len(f"{parts.scheme}://{parts.netloc}") :]
        raise ConfigError(
            f"{name}={value!r} has {extra!r} after the host: set it to the address only, "
            f"e.g. {parts.scheme}://{parts.netloc} (the skill adds /alexa and /audio itself)"
        )
    if verify and parts.scheme != "https":
        raise ConfigError(f"{name}={value!r} must be https: Alexa only plays audio over https")
    return value
