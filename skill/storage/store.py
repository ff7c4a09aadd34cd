"""Where runners' progress lives: SQLite by default, PostgreSQL when DATABASE_URL says so.

Keeps one JSON record per Alexa user (load, save, delete by user id) with SQLAlchemy, so one code
path serves both engines; which user a request is for is the Alexa layer's business. Updates
are compare-and-set on a version number: two requests for the same runner at once can never
silently overwrite each other; the loser gets StaleWriteError and the endpoint runs it again.
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

log = logging.getLogger(__name__)

VERSION_KEY = "_version"
# How long a SQLite writer waits for another to finish before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15_000
DEFAULT_SQLITE_FILE = "foot_warmup.sqlite3"

metadata = sa.MetaData()
user_attributes = sa.Table(
    "user_attributes",
    metadata,
    sa.Column("user_id", sa.String(512), primary_key=True),
    sa.Column("attributes", sa.Text(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)


class StoreError(RuntimeError):
    """The database failed or cannot be reached."""


class StaleWriteError(RuntimeError):
    """Someone else updated this runner's record since it was read."""


def database_url(configured: str | None, instance_dir: Path) -> str:
    """DATABASE_URL as SQLAlchemy wants it; a SQLite file in the instance folder by default."""
    if not configured:
        instance_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(instance_dir / DEFAULT_SQLITE_FILE).resolve()}"
    # Procfile hosts hand out postgres:// or postgresql://; psycopg 3 is our driver.
    for prefix in ("postgres://", "postgresql://"):
        if configured.startswith(prefix):
            return "postgresql+psycopg://" + configured[len(prefix) :]
    return configured


def make_engine(url: str) -> Engine:
    """An engine with the settings each database needs for safe concurrent use."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            # WAL lets readers and one writer work at once. NORMAL syncs the log at checkpoints
            # rather than at every commit: a killed process loses nothing it acknowledged, and a
            # power cut can lose only the last moments of places, which the runner redoes by
            # saying "next". Syncing every commit (FULL) made each request twice as slow.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


# Any fixed number: the PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK_ID = 4_146_031


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version (safe at every start, from many processes).

    Several web workers start at once; without a lock they would all try to create the tables
    (or, on SQLite, to switch the journal mode) and all but one would fail to boot.
    """
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("skill.storage").joinpath("migrations"))
    )
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Held until this transaction ends; PostgreSQL's DDL is transactional.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """On SQLite, an exclusive lock on a file beside the database; elsewhere nothing."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# How each driver marks a parameter in SQL.
PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


class AttributesStore:
    """A record per Alexa user, in one table, versioned for safe updates.

    Every request reads one row and usually writes it back, so those two statements go straight
    to the pooled driver connection: SQLAlchemy's statement machinery costs several times the
    database's own work here. Everything else (pooling, migrations, counts) is plain SQLAlchemy.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        mark = PLACEHOLDERS[engine.dialect.paramstyle]
        self._select = f"SELECT attributes, version FROM user_attributes WHERE user_id = {mark}"
        self._insert = (
            "INSERT INTO user_attributes (user_id, attributes, version, updated_at) "
            f"VALUES ({mark}, {mark}, {mark}, {mark})"
        )
        self._update = (
            f"UPDATE user_attributes SET attributes = {mark}, version = {mark}, "
            f"updated_at = {mark} WHERE user_id = {mark} AND version = {mark}"
        )
        # Timestamps stored exactly as SQLAlchemy's DateTime column stores them on this engine.
        stamp = user_attributes.c.updated_at.type.bind_processor(engine.dialect)
        self._stamp = stamp or (lambda value: value)
        dbapi = engine.dialect.loaded_dbapi
        self._driver_error, self._integrity_error = dbapi.Error, dbapi.IntegrityError

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A cursor on a pooled connection, committed when the block ends without error."""
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                yield cursor
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
            finally:
                cursor.close()
        finally:
            connection.close()  # back to the pool

    def load(self, user_id: str) -> dict[str, Any]:
        """A runner's attributes, with the version they were read at under VERSION_KEY."""
        try:
            with self._cursor() as cursor:
                cursor.execute(self._select, (user_id,))
                row = cursor.fetchone()
        except (SQLAlchemyError, self._driver_error) as exc:
            raise StoreError(f"cannot read progress: {exc}") from exc
        if row is None:
            return {VERSION_KEY: 0}
        body, version = row
        try:
            data = json.loads(body)
        except ValueError:
            log.error("unreadable attributes for a user; starting them afresh")
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[VERSION_KEY] = version
        return data

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        """Write if nobody else has since the read; bump the version in `attributes`."""
        read_version = attributes.get(VERSION_KEY, 0)
        if not isinstance(read_version, int) or isinstance(read_version, bool):
            read_version = 0
        body = json.dumps({k: v for k, v in attributes.items() if k != VERSION_KEY})
        now = self._stamp(datetime.now(UTC))
        try:
            with self._cursor() as cursor:
                if read_version == 0:
                    cursor.execute(self._insert, (user_id, body, 1, now))
                else:
                    values = (body, read_version + 1, now, user_id, read_version)
                    cursor.execute(self._update, values)
                    if cursor.rowcount != 1:
                        raise StaleWriteError(user_id)
        except (IntegrityError, self._integrity_error) as exc:  # two first writes raced
            raise StaleWriteError(user_id) from exc
        except (SQLAlchemyError, self._driver_error) as exc:
            raise StoreError(f"cannot save progress: {exc}") from exc
        attributes[VERSION_KEY] = read_version + 1

    def delete(self, user_id: str) -> None:
        """Forget a runner entirely."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    user_attributes.delete().where(user_attributes.c.user_id == user_id)
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot delete progress: {exc}") from exc

    def user_count(self) -> int:
        """How many runners are remembered (for health checks and tests)."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.select(sa.func.count()).select_from(user_attributes)
            ).scalar_one()


def open_store(configured_url: str | None, instance_dir: Path) -> AttributesStore:
    """Connect, migrate and return the store; StoreError with the reason if it cannot."""
    url = database_url(configured_url, instance_dir)
    try:
        engine = make_engine(url)
        migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        where = "DATABASE_URL" if configured_url else "the built-in SQLite file"
        raise StoreError(f"cannot open the database at {shown} ({where}): {reason}") from exc
    return AttributesStore(engine)
