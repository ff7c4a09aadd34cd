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
            # WAL lets readers and one writer work at once; FULL syncs every commit to disk,
            # so an acknowledged update survives a crash.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
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


class AttributesStore:
    """A record per Alexa user, in one table, versioned for safe updates."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, user_id: str) -> dict[str, Any]:
        """A runner's attributes, with the version they were read at under VERSION_KEY."""
        try:
            with self.engine.connect() as connection:
                row = connection.execute(
                    sa.select(user_attributes.c.attributes, user_attributes.c.version).where(
                        user_attributes.c.user_id == user_id
                    )
                ).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read progress: {exc}") from exc
        if row is None:
            return {VERSION_KEY: 0}
        try:
            data = json.loads(row.attributes)
        except ValueError:
            log.error("unreadable attributes for a user; starting them afresh")
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[VERSION_KEY] = row.version
        return data

    def save(self, user_id: str, attributes: dict[str, Any]) -> None:
        """Write if nobody else has since the read; bump the version in `attributes`."""
        read_version = attributes.get(VERSION_KEY, 0)
        if not isinstance(read_version, int) or isinstance(read_version, bool):
            read_version = 0
        body = json.dumps({k: v for k, v in attributes.items() if k != VERSION_KEY})
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as connection:
                if read_version == 0:
                    connection.execute(
                        user_attributes.insert().values(
                            user_id=user_id, attributes=body, version=1, updated_at=now
                        )
                    )
                else:
                    result = connection.execute(
                        user_attributes.update()
                        .where(user_attributes.c.user_id == user_id)
                        .where(user_attributes.c.version == read_version)
                        .values(attributes=body, version=read_version + 1, updated_at=now)
                    )
                    if result.rowcount != 1:
                        raise StaleWriteError(user_id)
        except IntegrityError as exc:  # a first write raced another first write
            raise StaleWriteError(user_id) from exc
        except SQLAlchemyError as exc:
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
        raise StoreError(f"cannot open the database at {shown}: {exc}") from exc
    return AttributesStore(engine)
