"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bugzot_server.db import Base, Database, ensure_schema, schema_status


def test_migrations_match_models(tmp_path, database_url) -> None:
    db = Database(database_url or f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        assert ensure_schema(db) == "0001"
        assert schema_status(db) == ("0001", "0001")
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_report_rows_commit_durably_and_job_bookkeeping_does_not_wait_for_the_disk(tmp_path) -> None:
    from bugzot_server.db import Database

    db = Database(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    try:
        with db.write_conn() as c:  # uploads: a 201 means the row survives a power cut
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        with db.job_conn() as c:  # a lost job state is only work done again
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        db.dispose()
