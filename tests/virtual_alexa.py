"""Conversations driven by virtual-alexa (npm), a real Alexa client we did not write."""

from __future__ import annotations

import json
from typing import Any

from tests.servers import ROOT, run_node

MODELS = ROOT / "interaction_models"
APPLICATION_ID = "amzn1.ask.skill.virtual-alexa"


def converse(url: str, turns: list[tuple[dict, str | None]], **options: Any) -> list[dict]:
    """Run the turns; each (turn, expected intent or request type, or None to not check)."""
    locale = options.pop("locale", "en-US")
    script = {
        "url": url,
        "model": str(MODELS / f"{locale}.json"),
        "applicationId": APPLICATION_ID,
        "locale": locale,
        "turns": [turn for turn, _ in turns],
        **options,
    }
    results = run_node("conversation.js", script)
    for (turn, expected), got in zip(turns, results, strict=True):
        assert "error" not in got, got
        if expected:
            assert expected in (got["intent"], got["type"]), (turn, got["intent"], got["type"])
    return results


def speech(result: dict) -> str:
    return ((result["response"] or {}).get("outputSpeech") or {}).get("ssml", "")


def directive_types(result: dict) -> list[str]:
    return [d["type"] for d in (result["response"] or {}).get("directives", [])]


def record(database_url: str, user: str) -> dict:
    """What the server stored for a virtual-alexa user."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT attributes FROM user_attributes WHERE user_id = :u"), {"u": user}
            ).first()
    finally:
        engine.dispose()
    return json.loads(row[0]) if row else {}
