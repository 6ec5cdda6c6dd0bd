"""The labels and rating words are data files, checked at import: a broken one names the file and table."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.labels import LABELS_FILE, LabelsError, _table
from handlers.records.feedback import VERDICTS_FILE, _verdicts
from storage.enums import Status


def test_a_status_without_a_label_names_the_file_and_the_table() -> None:
    statuses = {s.value: "x" for s in Status if s is not Status.MERGED}
    with pytest.raises(LabelsError, match=r"\[statuses\] must label exactly") as raised:
        _table({"statuses": statuses}, "statuses", [s.value for s in Status], Status)
    assert str(LABELS_FILE) in str(raised.value) and "merged" in str(raised.value)


def test_an_empty_label_is_refused() -> None:
    with pytest.raises(LabelsError, match=r"\[urgency\] labels must be non-empty"):
        _table({"urgency": {"normal": "一般", "urgent": " "}}, "urgency", ("normal", "urgent"), str)


def test_the_shipped_rating_words_read_as_scores() -> None:
    verdicts, labels = _verdicts(VERDICTS_FILE)
    assert verdicts["基本满意"] == 3 and verdicts["不满意"] == 1 and labels[4] == "满意"


@pytest.mark.parametrize(
    "text,problem",
    [
        ('[verdicts]\n"满意" = 6\n[scores]\n1="a"\n2="b"\n3="c"\n4="d"\n5="e"\n', r"\[verdicts\]"),
        ('[verdicts]\n"满意" = 5\n[scores]\n1="a"\n2="b"\n3="c"\n5="e"\n', r"\[scores\] must name each score"),
        ('[verdicts]\n"满意" = 5\n[scores]\n1="a"\n2="b"\n3="c"\n4=""\n5="e"\n', r"\[scores\] labels"),
    ],
    ids=["score out of range", "score without a label", "empty label"],
)
def test_a_broken_rating_words_file_names_itself(tmp_path: Path, text: str, problem: str) -> None:
    file = tmp_path / "verdicts.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem) as raised:
        _verdicts(file)
    assert str(file) in str(raised.value)
