"""Fixtures for schedule tests: a PostgreSQL database of their own where one is configured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _postgres_database


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (skipped without LIANHU_TEST_POSTGRES_URL, failed on CI)."""
    yield from _postgres_database()
