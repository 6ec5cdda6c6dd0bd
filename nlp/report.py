"""The evaluation as text for a terminal and for the issue note."""

from __future__ import annotations

from nlp.metrics import Evaluation
from nlp.vocab import KINDS


def format_report(ev: Evaluation, worst: int = 15) -> str:
    lines = [f"messages: {ev.total}", "", f"{'kind':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}"]
    for kind in KINDS:
        s = ev.per_kind[kind]
        lines.append(f"{kind:<10} {s.precision:>9.1%} {s.recall:>7.1%} {s.f1:>6.3f} {s.support:>7}")
    lines += ["", "confusion (rows: gold, columns: predicted)", " " * 10 + "".join(f"{k:>10}" for k in KINDS)]
    for gold in KINDS:
        lines.append(f"{gold:<10}" + "".join(f"{ev.confusion[gold, pred]:>10}" for pred in KINDS))
    lines += [
        "",
        f"kind accuracy:          {ev.kind_accuracy:.1%}",
        f"none misfiled as record: {ev.none_misfiled:.1%}",
        f"none as emergency:      {ev.none_as_emergency:.1%}",
        f"must-visit recall:      {ev.must_visit_recall:.1%} (of {ev.must_visit_support})",
        f"category accuracy:      {ev.category_accuracy:.1%} (of {ev.category_support} grievances found)",
        "",
        f"worst misses ({min(worst, len(ev.misses))} of {len(ev.misses)}):",
    ]
    for miss in ev.misses[:worst]:
        got = miss.predicted
        lines.append(
            f"  [{miss.example.id}] {miss.problem} (confidence {got.confidence:.2f}) "
            f"{miss.example.text[:60]!r} keywords={list(got.keywords)}"
        )
    return "\n".join(lines)
