"""Fixtures of the office tests: the office database on SQLite (and PostgreSQL, from tests/mandate's server), and
the command line."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engine.cli import main
from tests.mandate.conftest import pg  # noqa: F401 - the session's PostgreSQL server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    """An empty office database on the test's backend: a file path, or a fresh database on the test server."""
    if request.param == "sqlite":
        yield str(tmp_path / "office.sqlite")
        return
    dsn = request.getfixturevalue("pg").dsn
    name = f"office_{uuid.uuid4().hex[:12]}"
    _server(dsn, f"CREATE DATABASE {name}")
    yield make_url(dsn).set(database=name).render_as_string(hide_password=False)
    _server(dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # the server may be shared (COMPTOIR_TEST_PG_DSN)


def _server(dsn: str, statement: str) -> None:
    engine = create_engine(make_url(dsn).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def office(*args: str, database: str) -> int:
    """``comptoir office ARGS --database D``."""
    return main(["office", *args, "--database", database])
