"""A console test client against the demo village, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine

from bot.web.server import build_app
from tests.bot.web.console_harness import console_village
from tests.handlers.pipeline_harness import Village


@pytest.fixture
def village(engine: Engine) -> Village:
    return console_village(engine)


@pytest.fixture
async def client(engine: Engine, village: Village, tmp_path: Path) -> AsyncIterator[TestClient]:
    app = build_app(engine, village.clock, var_dir=tmp_path, domain=lambda: village.deps)
    async with TestClient(TestServer(app)) as client:
        yield client
