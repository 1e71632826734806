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
