"""`python -m nlp explain`: the segmentation and the rule trace behind one answer."""

from __future__ import annotations

import json

from nlp.classifier import Analysis
from nlp.scan import ACTIVE
from nlp.vocab import CATEGORIES, KINDS, REASONS


def _weights(weights: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{target} {weight:+g}" for target, weight in weights)


def format_trace(analysis: Analysis) -> str:
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
        booster = " booster" if group.booster else (" [mined n-gram]" if group.mined else "")
        if group.situation and "request" in found.cues:
            state += "  [visit vote yields to the request]"
        name = "mined.toml" if group.mined else group.name
        lines.append(f'  {hit.word}: "{name}"{booster} ({_weights(group.weights)}){state}')
    if found.cues:
        lines.append("cues: " + ", ".join(f"{cue}={word}" for cue, (word, _) in found.cues.items()))
    mined = analysis.rules_mined
    if mined is not None and any(h.group.mined for h in found.hits):
        caps = ", ".join(f"{t} {c:g}" for t, c in mined.caps.items())
        lines.append(f"mined n-grams add at most: {caps} per message, and never beyond a threshold")
    scores = analysis.scores.totals

    def line(names: tuple[str, ...]) -> str:
        return ", ".join(f"{n} {scores[n]:.1f}" for n in names if scores.get(n))

    lines += [
        "",
        "scores:",
        f"  kinds:      {line(KINDS)}",
        f"  reasons:    {line(REASONS) or '-'}",
        f"  categories: {line(CATEGORIES) or '-'}",
        "",
        "answer: " + json.dumps(analysis.result.to_dict(), ensure_ascii=False),
    ]
    return "\n".join(lines)
