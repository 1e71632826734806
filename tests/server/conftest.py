"""Server fixtures: every test runs on SQLite and (marked ``postgres``) on a real PostgreSQL 15."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_helpers import LiveUvicorn, make_settings
from server_pg import PostgresServer, available

from bugzot_server import tokens
from bugzot_server.config import Settings
from bugzot_server.main import create_app


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL cluster for the session, in a temp dir; each test gets its own database."""
    reason = available()
    if reason:
        pytest.skip(reason)
    srv = PostgresServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None means the embedded default (SQLite in the data dir)."""
    if request.param == "sqlite":
        yield None
        return
    pg: PostgresServer = request.getfixturevalue("pg_server")
    url = pg.create_database()
    try:
        yield url
    finally:
        pg.drop_database(url)


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """The app with its lifespan running (so its job thread runs)."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def token(app) -> str:
    return tokens.create(app.state.db, "tests")


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def live(settings: Settings) -> Iterator[LiveUvicorn]:
    """The app under a real uvicorn on a random free loopback port, ready when /health answers."""
    srv = LiveUvicorn(create_app(settings))
    try:
        yield srv
    finally:
        srv.stop()
