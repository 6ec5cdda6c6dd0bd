"""The static checks, run by `make test` like every test: mypy and ruff over the repository.

Each runs as a subprocess from the repository root, so it reads the configuration in
pyproject.toml and keeps its cache (`.mypy_cache`, `.ruff_cache`) between runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    name
    for name in ("base", "bot", "handlers", "nlp", "storage", "schedules", "bench", "tests")
    if (ROOT / name).is_dir()
]
TIMEOUT_SECONDS = 900


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )


def test_mypy_finds_no_type_error() -> None:
    result = run("mypy", *PACKAGES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_no_lint_error() -> None:
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_every_file_formatted() -> None:
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
