"""The 十星级 standard as shipped in handlers/stars.toml: the grades of 000 §三(三), and a
standard file that does not fit is refused naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.stars import STANDARD, StandardError, load_standard
from handlers.templates import Templates


@pytest.mark.parametrize(
    ("stars", "satisfaction", "grade"),
    [
        (10, 0.96, "league_benchmark"),  # 9星及以上且群众满意度95%以上
        (9, 0.95, "league_benchmark"),
        (9, 0.90, "league_model"),  # 8星且85%以上
        (8, 0.85, "league_model"),
        (8, 0.82, "district_benchmark"),  # 8星且80%以上
        (8, 0.70, "district_model"),
        (7, None, "district_model"),  # 7星
        (6, 1.0, "ordinary"),  # 6星及以下
        (0, None, "ordinary"),
    ],
)
def test_the_grades_follow_the_seed(stars: int, satisfaction: float | None, grade: str) -> None:
    assert STANDARD.grade(stars, satisfaction).id == grade


def test_ten_criteria_each_worded_and_every_grade_named() -> None:
    templates = Templates.load()
    assert len(STANDARD.criteria) == 10 and STANDARD.adjust_at_most == 3
    for criterion in STANDARD.criteria:
        assert templates.render(f"stars.criterion.{criterion.id}", figure=criterion.figure)
    for grade in STANDARD.grades:
        assert templates.render(f"stars.grade.{grade.id}")
    assert [c.figure for c in STANDARD.criteria if c.id in ("coverage", "no_overdue")] == ["90%", "0"]


def test_a_standard_with_an_unknown_metric_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "stars.toml"
    text = (Path(__file__).parents[2] / "handlers" / "stars.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace('metric = "reach"', 'metric = "reached"'), encoding="utf-8")
    with pytest.raises(StandardError, match="unknown metric 'reached'"):
        load_standard(bad)
