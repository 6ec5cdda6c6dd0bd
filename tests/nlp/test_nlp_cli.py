"""The command line, run as the bot and a secretary would run it."""

import json
import os
import subprocess
import sys

from nlp.cli import main
from nlp.rulefile import validate_learnt_file
from tests.nlp.helpers import DATA, LEARNT_FILE, ROOT, TINY_UNTUNED, copy_rules, header, tiny_corpus, write_corpus


def run(*args, stdin=""):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "nlp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_classify_answers_every_line_in_order_and_survives_bad_lines():
    lines = [
        json.dumps({"text": "村口着火了 快来人", "sender_role": "household"}, ensure_ascii=False),
        "{broken",
        json.dumps({"text": "收到"}, ensure_ascii=False),
        "",
    ]
    result = run("classify", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a.get("kind", "error") for a in answers] == ["emergency", "error", "none", "error"]
    assert answers[0]["must_visit"] == "incident" and "着火了" in answers[0]["keywords"]
    assert "line 2" in result.stderr


def test_explain_prints_segmentation_and_trace():
    result = run("explain", "我爸昨天住院了", "--role", "household")
    assert result.returncode == 0
    assert "segments:" in result.stdout and '"must_visit": "illness"' in result.stdout
    assert "learnt kind model: visit" in result.stdout and "strongest features for visit:" in result.stdout
    assert "learnt reason model:" in result.stdout and "strongest features for illness:" in result.stdout


def test_evaluate_prints_the_report_and_checks_targets(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"text": "着火了快来人", "kind": "emergency", "must_visit": "incident"},
                {"text": "收到", "kind": "none"},
                {"text": "谢谢", "kind": "visit"},
            ]
        ),
        encoding="utf-8",
    )
    passing = run("evaluate", str(corpus), "--min-emergency-recall", "1.0")
    assert passing.returncode == 0 and "confusion" in passing.stdout
    failing = run("evaluate", str(corpus), "--min-accuracy", "0.9")
    assert failing.returncode == 1 and "TARGET NOT MET min-accuracy" in failing.stdout


def test_check_rules_accepts_the_shipped_rules_and_names_a_broken_file(tmp_path):
    ok = run("check-rules")
    assert ok.returncode == 0 and ok.stdout.startswith("ok:") and "learnt models with" in ok.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text('[[groups]]\nname = "x"\nemergncy = 1\nwords = ["着火"]', encoding="utf-8")
    result = run("check-rules", str(broken))
    assert result.returncode == 2 and "broken.toml" in result.stderr and 'groups[0] "x"' in result.stderr


def test_a_broken_rules_option_stops_classify(tmp_path):
    result = run("--rules", str(tmp_path / "missing"), "classify", stdin="{}\n")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_evaluate_on_a_labelled_split_runs():
    # The real tuning part: a split the models still get wrong often enough to list three misses.
    result = run("evaluate", str(DATA.parent / "nlp_real" / "tune.jsonl"), "--worst", "3")
    assert result.returncode == 0 and "worst misses (3 of" in result.stdout


def test_mine_writes_the_learnt_file_over_a_broken_one(tmp_path):
    rules = copy_rules(tmp_path / "rules")
    learnt = tmp_path / LEARNT_FILE
    learnt.write_text("[learnt]\nemergency_threshold = 7\n", encoding="utf-8")
    files = write_corpus(tmp_path, tiny_corpus())
    result = run("--rules", str(rules), "--learnt", str(learnt), "mine", *map(str, files))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {learnt}")
    validate_learnt_file(learnt)
    assert f"never tuned on: {', '.join(TINY_UNTUNED)}." in header(learnt.read_text(encoding="utf-8"))


def test_mine_with_a_missing_file_exits_2_and_writes_nothing(tmp_path):
    rules = copy_rules(tmp_path / "rules")
    learnt = tmp_path / LEARNT_FILE
    result = run("--rules", str(rules), "--learnt", str(learnt), "mine", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 2
    assert "cannot mine" in result.stderr and "missing.jsonl" in result.stderr
    assert not learnt.exists()


def test_crossval_prints_a_line_for_the_held_split_and_the_pooled_figures(tmp_path, capsys):
    rules = copy_rules(tmp_path / "rules")
    files = write_corpus(tmp_path, tiny_corpus())
    assert main(["--rules", str(rules), "crossval", *map(str, files), "--hold", "c"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["c", "pooled"]
    assert all("accuracy" in line and "must-visit" in line for line in lines)
