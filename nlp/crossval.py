"""`python -m nlp crossval`: how the learnt models do on an author they never saw.

Each labelled split was written by one author in one sitting, so holding a whole split out is
the honest test of the learnt models: for each held-out split, `learnt.toml` is fitted on the
other splits into a scratch copy of the rules, and the held split is classified with it. Hold
out only splits the rules were never tuned on (the default), or the rules' share is flattered.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from nlp import learn
from nlp.classifier import load_rules
from nlp.corpus import Example
from nlp.metrics import Evaluation, evaluate
from nlp.result import Classification


def fold(
    rules: Path,
    train: Sequence[tuple[str, Sequence[Example]]],
    untuned: Sequence[str],
    held: Sequence[Example],
    options: learn.LearnOptions,
) -> list[Classification]:
    """Fit the learnt models on `train` in a scratch copy of `rules` and classify `held`."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for file in Path(rules).glob("*.toml"):
            if file.name != learn.DEFAULT_OUT.name:
                shutil.copy(file, folder / file.name)
        learn.write(train, untuned, load_rules(folder), folder / learn.DEFAULT_OUT.name, options)
        classifier = load_rules(folder)
        return [classifier.classify(e.text, e.sender_role) for e in held]


def crossval(
    rules: Path,
    splits: Sequence[tuple[str, Sequence[Example]]],
    untuned: Sequence[str],
    held: Sequence[str],
    options: learn.LearnOptions,
) -> tuple[list[tuple[str, Evaluation]], Evaluation]:
    """The evaluation of each split named in `held`, fitted on all the others, and of all
    of them pooled."""
    per_split: list[tuple[str, Evaluation]] = []
    pooled_examples: list[Example] = []
    pooled: list[Classification] = []
    for name, examples in splits:
        if name in held:
            predictions = fold(rules, [s for s in splits if s[0] != name], untuned, examples, options)
            per_split.append((name, evaluate(list(examples), predictions)))
            pooled_examples += examples
            pooled += predictions
    return per_split, evaluate(pooled_examples, pooled)
