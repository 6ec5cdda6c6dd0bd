"""Dependencies run one way: each package imports only the packages below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package -> the project packages it may import (besides itself)
ALLOWED = {
    "base": set(),
    "nlp": set(),
    "storage": {"base"},
    "handlers": {"base", "nlp", "storage"},
    "schedules": {"base", "nlp", "storage", "handlers"},
    "bot": {"base", "nlp", "storage", "handlers", "schedules"},
}


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_those_below_it(package):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported - ALLOWED[package] - {package})
        for path in sorted((ROOT / package).rglob("*.py"))
        if (imported := imported_packages(path)) - ALLOWED[package] - {package}
    }
    assert wrong == {}


def test_the_check_sees_a_wrong_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from bot.app import Application\nimport handlers.pipeline\n")
    assert imported_packages(module) == {"bot", "handlers"}
