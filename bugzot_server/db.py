"""The database: SQLAlchemy 2 models, engine set-up (SQLite WAL or PostgreSQL), schema checks.

No FastAPI here. The schema itself is created and upgraded only by Alembic
(``bugzot_server/migrations``); :func:`ensure_schema` runs it and refuses a
database whose revision this code does not know.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# A fixed key for pg_advisory_lock: only one process migrates at a time.
_MIGRATION_LOCK_KEY = 0x42_5A_6F_74


class SchemaError(RuntimeError):
    """The database's schema revision is one this server does not know."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Report(Base):
    """One bug report; ``client_id`` is the client's idempotency key."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[str] = mapped_column(Text, default="")
    actual: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(20), index=True)
    component: Mapped[str] = mapped_column(Text, default="")
    environment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    source: Mapped[str] = mapped_column(String(20), default="api")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", order_by="Attachment.position", cascade="all, delete-orphan"
    )


class Attachment(Base):
    """One stored image. ``filename`` is the client's name, kept as data only; files use ``storage_name``."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)
    markup: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    thumb_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    thumb_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    preview_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    preview_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    report: Mapped[Report] = relationship(back_populates="attachments")
    jobs: Mapped[list[Job]] = relationship(back_populates="attachment", order_by="Job.id", cascade="all, delete-orphan")


class Job(Base):
    """A durable post-processing job (``kind`` is thumbnail or preview) for one attachment."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, running, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    run_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attachment: Mapped[Attachment] = relationship(back_populates="jobs")
    __table_args__ = (Index("ix_jobs_status_run_after", "status", "run_after"),)


class Token(Base):
    """An API token; only its SHA-256 is stored."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Database:
    """Engine and sessions. ``write()`` takes SQLite's write lock up front so writers queue instead of failing."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.is_postgres = url.startswith("postgresql")
        if self.is_sqlite:
            # isolation_level=None: we issue BEGIN ourselves (pysqlite's implicit BEGIN is DEFERRED).
            kw: dict[str, Any] = {"connect_args": {"isolation_level": None, "timeout": 30, "check_same_thread": False}}
            self.engine = create_engine(url, pool_size=pool_size, max_overflow=20, **kw)
            self.write_engine = create_engine(url, pool_size=pool_size, max_overflow=20, **kw)
            self.job_engine = create_engine(url, pool_size=2, max_overflow=8, **kw)
            _sqlite_pragmas(self.engine, "DEFERRED")
            _sqlite_pragmas(self.write_engine, "IMMEDIATE")
            _sqlite_pragmas(self.job_engine, "IMMEDIATE", synchronous="NORMAL")
        else:
            self.engine = create_engine(url, pool_size=pool_size, max_overflow=20, pool_pre_ping=True)
            self.write_engine = self.job_engine = self.engine
        # SQLite's busy handler sleeps in growing steps while another writer holds the lock;
        # queueing this process's writers on a Python lock instead hands the lock over at once.
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        if self._write_lock is None:
            with self._write() as session, session.begin():
                yield session
            return
        with self._write_lock, self._write() as session, session.begin():
            yield session

    @contextmanager
    def read_conn(self) -> Iterator[Connection]:
        """A Core connection for hot paths: no ORM session to set up."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write_conn(self) -> Iterator[Connection]:
        """A Core connection in a write transaction (commits on success); queued like :meth:`write`."""
        if self._write_lock is None:
            with self.write_engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self.write_engine.begin() as conn:
            yield conn

    @contextmanager
    def job_conn(self) -> Iterator[Connection]:
        """Like :meth:`write_conn`, for the post-processing jobs' own bookkeeping (claim, finish, fail).

        Its commits do not wait for the disk (SQLite synchronous=NORMAL, PostgreSQL synchronous_commit
        off): a job state lost to a power cut is only work done again (the lease runs out and the job
        re-runs; a derivative is made afresh), while every upload's rows stay fully durable. Under load
        this takes two of the three fsyncs per job off the writers' queue."""
        if self._write_lock is None:
            with self.job_engine.begin() as conn:
                if self.is_postgres:
                    conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
                yield conn
            return
        with self._write_lock, self.job_engine.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        for extra in {self.write_engine, self.job_engine} - {self.engine}:
            extra.dispose()


FOLD_FUNCTION = "bz_casefold"  # SQLite: Unicode case folding for search (its lower() and LIKE fold ASCII only)


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _sqlite_pragmas(engine: Engine, begin_mode: str, *, synchronous: str = "FULL") -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.create_function(FOLD_FUNCTION, 1, _casefold, deterministic=True)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")  # FULL: a 201 means the row survives power loss
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(f"BEGIN {begin_mode}")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def schema_status(db: Database) -> tuple[str | None, str]:
    """(current revision in the database, head revision of this code)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


def ensure_schema(db: Database, *, upgrade: bool = True) -> str:
    """Bring the schema to head with Alembic; refuse an unknown revision. Returns the revision."""
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    current, head = schema_status(db)
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except Exception:
            known = False
        if not known:
            raise SchemaError(
                f"The database {db.engine.url.render_as_string(hide_password=True)} has schema revision "
                f"{current!r}, which this bugzot-server does not know (it knows up to {head!r}); it was "
                "probably written by a newer version. Upgrade bugzot-server, or point --database-url at another database."
            )
    if current == head or not upgrade:
        return current or ""
    with db.write_engine.connect() as conn:
        if db.is_postgres:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            conn.commit()
        try:
            command.upgrade(_alembic_config(conn), "head")
            conn.commit()
        finally:
            if db.is_postgres:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                conn.commit()
    return head
