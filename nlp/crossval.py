"""`python -m nlp crossval`: how the learnt models do on an author they never saw.

Each labelled split was written by one author in one sitting, so holding a whole split out is
the honest test of the learnt models: for each held-out split, the models are fitted on the
other splits and the held split is classified with them. Hold out only splits the rules were
never tuned on (the default), or the rules' share is flattered. The messages are read by the
rules once; only the fitting is repeated per split.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nlp import learn
from nlp.classifier import load_rules
from nlp.corpus import Example
from nlp.metrics import Evaluation, evaluate
from nlp.result import Classification
from nlp.splits import Manifest


def crossval(
    rules: Path,
    splits: Sequence[tuple[str, Sequence[Example]]],
    manifest: Manifest,
    held: Sequence[str],
    options: learn.LearnOptions,
) -> tuple[list[tuple[str, Evaluation]], Evaluation]:
    """The evaluation of each split named in `held`, fitted on all the others, and of all
    of them pooled."""
    base = load_rules(rules)
    rows = learn.read_rows(base, splits, manifest)
    per_split: list[tuple[str, Evaluation]] = []
    pooled_examples: list[Example] = []
    pooled: list[Classification] = []
    for name, examples in splits:
        if name in held:
            kept = [row for row in rows if row.split != name]
            fitted = learn.fit(kept, set(manifest.untuned), options, manifest.topics_untuned)
            classifier = base.with_learnt(learn.to_learnt(fitted, options))
            predictions = [classifier.classify(e.text, e.sender_role) for e in examples]
            per_split.append((name, evaluate(list(examples), predictions)))
            pooled_examples += examples
            pooled += predictions
    return per_split, evaluate(pooled_examples, pooled)
