"""`python -m nlp explain`: the segmentation and the rule trace behind one answer."""

from __future__ import annotations

import json

from nlp.classifier import Analysis
from nlp.decide import LEARNT_TOPIC, topic_source
from nlp.learnt import NO_REASON, Learnt, LinearModel, softmax
from nlp.ruleset import RuleSet
from nlp.scan import ACTIVE
from nlp.vocab import CATEGORIES, KINDS, REASONS


def _weights(weights: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{target} {weight:+g}" for target, weight in weights)


def _learnt_trace(analysis: Analysis, learnt: Learnt, learnt_topic: bool, top: int = 8) -> list[str]:
    """Per model, the class probabilities and the features that pushed the answer most."""
    found, totals, role = analysis.found, analysis.scores.totals, analysis.role
    answer = analysis.result
    lines = []
    models: list[tuple[str, LinearModel, str | None]] = [
        ("kind", learnt.kind, answer.kind),
        ("reason", learnt.reason, answer.must_visit),
    ]
    if learnt.category is not None and learnt_topic:
        models.append(("category", learnt.category, answer.category))
    for name, model, chosen in models:
        args = (analysis.grams or [], totals, found.cues.keys(), role)
        probabilities = softmax(model.scores(*args))
        index = model.classes.index(chosen or NO_REASON)
        ranked = sorted(model.terms(*args), key=lambda term: -abs(term[1][index]))
        shown = ", ".join(
            f"{c} {p:.2f}" for c, p in sorted(zip(model.classes, probabilities, strict=True), key=lambda x: -x[1])[:4]
        )
        lines += ["", f"learnt {name} model: {shown}", f"  strongest features for {chosen or NO_REASON}:"]
        lines += [f"    {feature}: {weights[index]:+.2f}" for feature, weights in ranked[:top]]
    return lines


def format_trace(analysis: Analysis, rules: RuleSet | None = None) -> str:
    """The trace; given the `rules` that made it, also what chose the category."""
    found = analysis.found
    lines = [
        f"text:     {analysis.text}",
        f"segments: {' / '.join(t for t in analysis.tokens if not t.isspace())}",
        "",
        "rules that fired:",
    ]
    if not found.hits:
        lines.append("  (none)")
    for hit in found.hits:
        group = hit.group
        state = "" if hit.status == ACTIVE else f"  [{hit.status}{' by ' + hit.by if hit.by else ''}]"
        booster = " booster" if group.booster else ""
        if group.situation and "request" in found.cues:
            state += "  [visit vote yields to the request]"
        lines.append(f'  {hit.word}: "{group.name}"{booster} ({_weights(group.weights)}){state}')
    if found.cues:
        lines.append("cues: " + ", ".join(f"{cue}={word}" for cue, (word, _) in found.cues.items()))
    scores = analysis.scores.totals

    def line(names: tuple[str, ...]) -> str:
        return ", ".join(f"{n} {scores[n]:.1f}" for n in names if scores.get(n))

    learnt, answer = analysis.learnt, analysis.result
    by = topic_source(answer.kind, answer.must_visit, rules, analysis.grams is not None) if rules else None
    if learnt is not None and analysis.grams is not None:
        lines += _learnt_trace(analysis, learnt, by == LEARNT_TOPIC)
    lines += [
        "",
        "rules' scores:",
        f"  kinds:      {line(KINDS)}",
        f"  reasons:    {line(REASONS) or '-'}",
        f"  categories: {line(CATEGORIES) or '-'}",
        *([f"category chosen by {by}"] if by else []),
        "",
        "answer: " + json.dumps(analysis.result.to_dict(), ensure_ascii=False),
    ]
    return "\n".join(lines)
