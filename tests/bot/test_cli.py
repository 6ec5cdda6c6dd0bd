"""What the `lianhu` command line tells whoever runs it, on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def test_replaying_from_stdin_asks_for_a_sent_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "-", "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert capsys.readouterr().err.strip().endswith("从标准输入回放时需要 --sent-log")


def test_a_ledger_export_says_how_many_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ledger.jsonl"
    assert main(["ledger", "export", "--db", f"sqlite:///{tmp_path / 'x.db'}", "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip().endswith("导出 0 条记录")
    assert out.read_text(encoding="utf-8") == ""
