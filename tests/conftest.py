"""Shared fixtures: real audio built once per run with the offline voice, and the Flask app."""

from __future__ import annotations

import pytest

from skill.audio.build import build_audio
from skill.audio.engines import EspeakEngine
from skill.core.routine_file import load_routine


@pytest.fixture(scope="session")
def routine():
    return load_routine()


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory, routine):
    """The default routine's audio, built for real with espeak-ng (about two seconds)."""
    out = tmp_path_factory.mktemp("audio")
    build_audio(routine, EspeakEngine("en-US"), out_dir=out)
    return out


@pytest.fixture(scope="session")
def audio_all(tmp_path_factory):
    """Every locale's audio, built for real with espeak-ng: (folder, build report per locale)."""
    from skill.core.locales import LOCALES

    out = tmp_path_factory.mktemp("audio-all")
    reports = {}
    for locale in LOCALES:
        routine = load_routine(locale=locale)
        reports[locale] = build_audio(routine, EspeakEngine(locale), out_dir=out, locale=locale)
    return out, reports


# -- the web app, with requests signed by a local CA --------------------------------------

from skill.web.app import create_app  # noqa: E402
from skill.web.verify import RequestVerifier  # noqa: E402
from tests.alexa_signing import SigningAuthority  # noqa: E402
from tests.envelopes import SKILL_ID, Conversation, body_bytes  # noqa: E402

BASE_URL = "https://warmup.example.com"


@pytest.fixture(scope="session")
def authority():
    return SigningAuthority()


def fixed_zone(api_endpoint, device_id, token):
    """Stands in for Amazon's settings API: every device is in St. John's."""
    return "America/St_Johns"


@pytest.fixture
def make_app(audio_dir, authority, tmp_path):
    """An app on the built audio with its own SQLite file; env overrides as keywords."""

    apps = []

    def make(*, clock=None, zone_lookup=fixed_zone, instance=None, **env):
        config = {
            "ALEXA_SKILL_ID": SKILL_ID,
            "PUBLIC_BASE_URL": BASE_URL,
            "AUDIO_DIR": str(audio_dir),
            **env,
        }
        verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=authority.fetch)
        extra = {"clock": clock} if clock else {}
        app = create_app(
            config,
            verifier=verifier,
            zone_lookup=zone_lookup,
            instance_path=str(instance or tmp_path / "instance"),
            **extra,
        )
        apps.append(app)
        return app

    yield make
    for app in apps:  # close database connections with the test that opened them
        app.extensions["foot_warmup"].store.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class Alexa:
    """Plays Alexa: signs each envelope, posts it, carries the session on."""

    def __init__(self, client, authority, **conversation):
        self.client = client
        self.authority = authority
        self.conversation = Conversation(**conversation)

    def post(self, envelope, *, headers=None):
        body = body_bytes(envelope)
        return self.client.post(
            "/alexa", data=body, headers=headers or self.authority.headers(body)
        )

    def send(self, envelope):
        """Post a signed envelope; return the response JSON (asserting HTTP 200)."""
        response = self.post(envelope)
        assert response.status_code == 200, response.get_data(as_text=True)
        data = response.get_json()
        self.conversation.remember(data)
        return data

    def launch(self):
        return self.send(self.conversation.launch())

    def say(self, intent, **slots):
        return self.send(self.conversation.intent(intent, slots))


@pytest.fixture
def alexa(client, authority):
    return Alexa(client, authority)


@pytest.fixture
def alexa_factory(authority):
    """Alexa sessions against any app (for tests that make their own)."""
    return lambda app, **kw: Alexa(app.test_client(), authority, **kw)


# -- the real server over HTTP, for real clients -------------------------------------------


@pytest.fixture(scope="session")
def va_server(audio_dir, tmp_path_factory):
    """gunicorn serving the built audio with a SQLite file: (URL of /alexa, DATABASE_URL).

    Verification is off for the local client (it cannot sign); audio URLs are https because
    devices only play https.
    """
    from tests.servers import ROOT, free_port, start_server, stop_server

    if not (ROOT / "node_modules" / "virtual-alexa").exists():
        pytest.fail("virtual-alexa is missing: run scripts/setup --dev (it runs npm ci)")
    port = free_port()
    database = f"sqlite:///{tmp_path_factory.mktemp('va') / 'progress.sqlite3'}"
    env = {
        "AUDIO_DIR": str(audio_dir),
        "DATABASE_URL": database,
        "PUBLIC_BASE_URL": "https://warmup.example.com",
    }
    process = start_server(env, port)
    yield f"http://127.0.0.1:{port}/alexa", database
    stop_server(process)
