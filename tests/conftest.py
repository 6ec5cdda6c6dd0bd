"""Shared fixtures: a migrated database on SQLite and, where configured, PostgreSQL.

Set LIANHU_TEST_POSTGRES_URL (an admin URL such as
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the `db_url`/`engine`
tests on PostgreSQL too; CI sets it and refuses to skip them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage.db import make_engine, migrate

PG_ADMIN_URL = os.environ.get("LIANHU_TEST_POSTGRES_URL")


def _postgres_database() -> Iterator[str]:
    if not PG_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set LIANHU_TEST_POSTGRES_URL: PostgreSQL tests may not be skipped")
        pytest.skip("LIANHU_TEST_POSTGRES_URL is not set")
    name = f"lianhu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """An empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lianhu.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database (tests that need PostgreSQL itself, not just a database)."""
    yield from _postgres_database()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite:///{tmp_path / 'lianhu.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine on each backend."""
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()
