"""Fixtures of the office tests: the office database on SQLite (and PostgreSQL, from tests/mandate's server), and
the command line."""
from __future__ import annotations

import pytest

from engine.cli import main
from tests.mandate.conftest import pg  # noqa: F401 - the session's PostgreSQL server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    """An empty office database on the test's backend: a file path, or a fresh database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "office.sqlite")
    return fresh_pg_database(request.getfixturevalue("pg").dsn)


def fresh_pg_database(dsn: str) -> str:
    """A new database on the server of ``dsn`` (the office tables start empty in each test)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    url = make_url(dsn)
    name = f"office_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def office(*args: str, database: str) -> int:
    """``comptoir office ARGS --database D``."""
    return main(["office", *args, "--database", database])
