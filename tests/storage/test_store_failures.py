"""When things break: a killed server keeps acknowledged progress; a failing store apologises."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from skill.storage import store as store_module
from skill.storage.store import database_url
from tests.envelopes import USER_ID, Conversation, body_bytes
from tests.servers import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run scripts/test, which starts PostgreSQL")
    return url


def fresh_postgres_database(name: str) -> str:
    """A database of its own on the test server, so its outage touches nothing else."""
    admin = sa.create_engine(
        database_url(postgres_url(), Path("/nonexistent")), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return postgres_url().rsplit("/", 1)[0] + f"/{name}"


def set_connections_allowed(name: str, allowed: bool) -> None:
    admin = sa.create_engine(
        database_url(postgres_url(), Path("/nonexistent")), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(
            sa.text(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allowed).lower()}")
        )
        if not allowed:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"
                ),
                {"d": name},
            )
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return fresh_postgres_database("warmup_crash")


# -- SIGKILL between requests ------------------------------------------------------------


def post(port: int, envelope: dict) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/alexa", data=body_bytes(envelope), method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return json.load(response)


def test_sigkill_between_requests_loses_no_acknowledged_progress(audio_dir, database):
    port = free_port()
    env = {"AUDIO_DIR": str(audio_dir), "DATABASE_URL": database}
    server = start_server(env, port)
    try:
        conversation = Conversation()
        conversation.remember(post(port, conversation.launch()))
        for _ in range(3):  # each answer acknowledges a step: massage right, big toe, short foot
            conversation.remember(post(port, conversation.intent("AMAZON.NextIntent")))
    finally:
        stop_server(server, signal.SIGKILL)

    server = start_server(env, port)
    try:
        offer = post(port, Conversation().launch())
        assert "You stopped at short foot" in offer["response"]["outputSpeech"]["ssml"]
    finally:
        stop_server(server)


# -- a store that fails -------------------------------------------------------------------


def ssml(data):
    return data["response"]["outputSpeech"]["ssml"]


def test_sqlite_locked_by_another_writer_gets_an_apology_and_keeps_the_data(
    make_app, tmp_path, alexa_factory, monkeypatch, caplog
):
    monkeypatch.setattr(store_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "progress.sqlite3"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    alexa = alexa_factory(app)
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    before = app.extensions["foot_warmup"].store.load(USER_ID)

    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        data = alexa.say("AMAZON.NextIntent")
        assert "something went wrong" in ssml(data)
        assert data["response"]["shouldEndSession"] is False
    finally:
        blocker.rollback()
        blocker.close()
    assert "cannot save progress" in caplog.text
    assert app.extensions["foot_warmup"].store.load(USER_ID) == before
    retry = alexa.say("AMAZON.NextIntent")
    assert "Exercise 2 of 6" in ssml(retry)


def test_postgres_refusing_connections_gets_an_apology_and_keeps_the_data(
    make_app, alexa_factory, caplog
):
    url = fresh_postgres_database("warmup_outage")
    app = make_app(DATABASE_URL=url)
    alexa = alexa_factory(app)
    alexa.launch()
    alexa.say("AMAZON.NextIntent")
    before = app.extensions["foot_warmup"].store.load(USER_ID)

    set_connections_allowed("warmup_outage", False)
    try:
        data = alexa.say("AMAZON.NextIntent")
        assert "something went wrong" in ssml(data)
        assert "cannot read progress" in caplog.text or "cannot save progress" in caplog.text
        fresh = alexa_factory(app).launch()
        assert "something went wrong" in ssml(fresh)
    finally:
        set_connections_allowed("warmup_outage", True)
    assert app.extensions["foot_warmup"].store.load(USER_ID) == before
    assert "Exercise 2 of 6" in ssml(alexa.say("AMAZON.NextIntent"))


def test_a_database_that_cannot_be_opened_stops_the_start_with_a_clear_message(make_app):
    from skill.storage.store import StoreError

    with pytest.raises(StoreError, match="cannot open the database at postgresql"):
        make_app(DATABASE_URL="postgresql://nobody:secret@127.0.0.1:1/none")


# -- many workers starting at once --------------------------------------------------------


def _open(url: str, instance: str) -> int:
    from skill.storage.store import open_store

    store = open_store(url, Path(instance))
    count = store.user_count()
    store.engine.dispose()
    return count


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_many_workers_migrating_a_fresh_database_at_once_all_start(engine_name, tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    if engine_name == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        url = fresh_postgres_database("warmup_many_workers")
    with ProcessPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(_open, [url] * 6, [str(tmp_path)] * 6))
    assert results == [0] * 6
