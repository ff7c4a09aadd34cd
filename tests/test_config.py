"""Settings fail closed: verification on unless turned off, skill ID and https base required."""

import pytest

from skill.config import ConfigError, load_settings

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
PRODUCTION = {"ALEXA_SKILL_ID": SKILL_ID, "PUBLIC_BASE_URL": "https://warmup.example.com/"}


def test_production_settings():
    settings = load_settings(PRODUCTION)
    assert settings.verify_requests is True
    assert settings.skill_id == SKILL_ID
    assert settings.audio_url("en-US/quick/a.mp3") == (
        "https://warmup.example.com/audio/en-US/quick/a.mp3"
    )
    assert settings.port == 8000


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "ALEXA_SKILL_ID"),
        ({"ALEXA_SKILL_ID": SKILL_ID}, "PUBLIC_BASE_URL"),
        ({**PRODUCTION, "PUBLIC_BASE_URL": "http://warmup.example.com"}, "must be https"),
        ({**PRODUCTION, "PUBLIC_BASE_URL": "ftp://x"}, "PUBLIC_BASE_URL"),
        ({**PRODUCTION, "ALEXA_SKILL_ID": "my-skill"}, "ALEXA_SKILL_ID"),
        ({**PRODUCTION, "ALEXA_VERIFY_REQUESTS": "maybe"}, "ALEXA_VERIFY_REQUESTS"),
        ({**PRODUCTION, "PORT": "eighty"}, "PORT"),
        ({**PRODUCTION, "PORT": "70000"}, "PORT"),
        (
            {**PRODUCTION, "ALEXA_SKILL_ID": "amzn1.ask.skill.paste-your-skill-id-here"},
            "ALEXA_SKILL_ID is still the placeholder from .env.example",
        ),
        (
            {**PRODUCTION, "PUBLIC_BASE_URL": "https://warmup.example.com:8443"},
            "Alexa calls skills on port 443 only; drop ':8443'",
        ),
    ],
)
def test_mistakes_stop_the_start_with_the_variable_named(env, names):
    with pytest.raises(ConfigError, match=names):
        load_settings(env)


def test_development_mode_needs_nothing_else():
    settings = load_settings({"ALEXA_VERIFY_REQUESTS": "false", "PORT": "9001"})
    assert settings.verify_requests is False
    assert settings.skill_id is None
    assert settings.public_base_url == "http://localhost:9001"


def test_skill_id_is_kept_in_development_mode_too():
    settings = load_settings({"ALEXA_VERIFY_REQUESTS": "no", "ALEXA_SKILL_ID": SKILL_ID})
    assert settings.skill_id == SKILL_ID


def test_the_example_file_is_refused_until_its_skill_id_is_replaced():
    from pathlib import Path

    from dotenv import dotenv_values

    example = dotenv_values(Path(__file__).resolve().parents[1] / ".env.example")
    with pytest.raises(ConfigError, match="placeholder"):
        load_settings({k: v or "" for k, v in example.items()})
    explicit_port = {**PRODUCTION, "PUBLIC_BASE_URL": "https://warmup.example.com:443"}
    assert load_settings(explicit_port).public_base_url == "https://warmup.example.com:443"
