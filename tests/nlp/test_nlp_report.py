from nlp.metrics import evaluate
from nlp.report import format_report
from tests.nlp.test_nlp_metrics import EXAMPLES, PREDICTED


def test_report_has_every_figure_the_issue_asks_for():
    text = format_report(evaluate(EXAMPLES, PREDICTED), worst=1)
    assert "emergency     100.0%   50.0%  0.667       2" in text
    assert "confusion (rows: gold, columns: predicted)" in text
    assert "kind accuracy:          71.4%" in text
    assert "none misfiled as record: 50.0%" in text
    assert "must-visit recall:      50.0% (of 4)" in text
    assert "category accuracy:      50.0%" in text
    assert "worst misses (1 of 4)" in text and "kind emergency -> none" in text
    assert "kind none -> visit" not in text
