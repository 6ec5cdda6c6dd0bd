"""The replay harness: script parsing, output, restarts, and continuing on the same database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.replay import ScriptError, parse_script

DEMO = str(Path(__file__).parents[2] / "bot" / "demo" / "roster")


def write(tmp_path: Path, name: str, steps: list[object]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(s if isinstance(s, str) else json.dumps(s, ensure_ascii=False) for s in steps) + "\n")
    return path


def run(script: Path, db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    code = main(["replay", str(script), "--db", db])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "第 2 行: 不是合法的 JSON"),
        ('{"say": "hi"}', "第 2 行: 无法识别的步骤"),
        ('{"at": "tomorrow"}', "第 2 行: 时间格式错误"),
        ('{"restart": false}', "第 2 行: 无法识别的步骤"),
        ('["at"]', "第 2 行: 每一步应是一个 JSON 对象"),
    ],
)
def test_a_malformed_step_is_reported_with_its_line_and_nothing_runs(
    line: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = write(tmp_path, "bad.jsonl", [{"at": "2026-03-02T09:00:00+08:00"}, line])
    with pytest.raises(ScriptError, match=message):
        parse_script(script)
    assert main(["replay", str(script), "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err
    assert not (tmp_path / "x.db").exists()


def test_output_names_roster_people_and_a_restart_keeps_the_conversation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = write(
        tmp_path,
        "s.jsonl",
        [
            {"at": "2026-03-02T09:00:00+08:00"},
            {"roster": DEMO},
            {"say": "村口的路灯坏了好几天了", "from": "秀英🌸", "room": "李建国联户群"},
            {"restart": True},
            {"say": "/办结 #1 已更换", "from": "李建国", "room": "李建国联户群"},
            {"say": "/待办", "from": "王志强"},
        ],
    )
    code, sent = run(script, f"sqlite:///{tmp_path / 'r.db'}", capsys)
    assert code == 0
    assert sent[0] == {
        "at": "2026-03-02T09:00:00+08:00",
        "room": "李建国联户群",
        "to": None,
        "text": "已记录 #1（诉求·城乡建设），联户党员李建国将跟进。",
        "mentions": [],
    }
    assert sent[1]["mentions"] == ["王秀英"] and sent[1]["text"].startswith("#1 已办结")
    assert sent[2]["to"] == "王志强" and sent[2]["room"] is None


def test_a_second_replay_on_the_same_database_continues(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    first = write(
        tmp_path,
        "one.jsonl",
        [
            {"at": "2026-03-02T09:00:00+08:00"},
            {"roster": DEMO},
            {"say": "村口的路灯坏了好几天了", "from": "秀英🌸", "room": "李建国联户群"},
        ],
    )
    second = write(
        tmp_path,
        "two.jsonl",
        [
            {"at": "2026-03-04T10:00:00+08:00"},
            {"say": "/受理 #1", "from": "李建国", "room": "李建国联户群"},
            {"say": "我家门口的下水道堵了，污水都漫到路上了", "from": "张桂兰", "room": "李建国联户群"},
        ],
    )
    run(first, db, capsys)
    code, sent = run(second, db, capsys)
    assert code == 0
    accepted = next(m for m in sent if m["text"].startswith("#1 已受理"))
    assert accepted["at"].startswith("2026-03-04T10:00")
    assert any(m["text"].startswith("已记录 #2") for m in sent)
