"""Fitting `learnt.toml` (the models of `nlp.learnt`) from the labelled splits.

Each model is fitted in two stages (stacking), because the hand-written rules were tuned on
most of the splits and look better there than on wording they have never seen:

1. an n-gram model (character n-grams and the sender's role) is fitted on every split;
2. a combining model weighs its scores together with the rules' scores and the cues, fitted
   only on the `untuned` splits (those the rules were never tuned on), with the n-gram
   scores of each split taken from an n-gram model fitted without it.

Both stages are linear, so their composition is one linear model: what `learnt.toml` lists.
Both are multinomial logistic regressions with an L2 penalty (scikit-learn, needed only
here). The file keeps n-grams seen in at least `min_count` messages and the weights that
matter (`keep`), rounded: a table a secretary can search and edit.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp import validate
from nlp.classifier import Classifier
from nlp.corpus import Example
from nlp.learnt import NO_REASON, REASON_CLASSES, Learnt, text_ngrams
from nlp.rulefile import DEFAULT_LEARNT
from nlp.splits import Manifest
from nlp.vocab import CATEGORIES, CUES, KINDS, REASONS

TABLES = ("rules", "cues", "roles", "ngrams")


@dataclass(frozen=True, slots=True)
class LearnOptions:
    # Inverse strengths of the L2 penalties of the two stages.
    c_ngrams: float = 1.0
    c_combine: float = 1.0
    # Folds (of whole untuned splits) for the n-gram scores the combining stage learns from.
    folds: int = 4
    min_count: int = 2
    # Per model, the n-grams most associated with its classes (chi-square) that it keeps: the
    # file stays a size a person can search and the classifier can load in a second.
    max_ngrams: int = 6000
    keep: float = 0.05
    digits: int = 2
    # The category model's n-grams keep only their weights of at least this size: sixteen
    # classes a line would otherwise make the file 3.6 MB.
    category_keep: float = 0.2
    # Chosen by cross-validation on the realistic splits (dev24 to dev27): an emergency from
    # this probability on (recall matters more than precision), a reason unless `no_reason`
    # is at least this likely.
    emergency_threshold: float = 0.2
    reason_threshold: float = 0.8
    # `none`'s head start in log-odds (not against an emergency): a grievance or a visit must be
    # e^1 ≈ 2.7 times likelier than `none` (the issue caps chit-chat misfiled at 3 %). Fitted on
    # real chit-chat as well (`--real-training`), 0.5 did better (tests/data/nlp_real/README.md).
    none_margin: float = 1.0


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled message as the classifier reads it."""

    split: str
    kind: str
    reason: str
    grams: frozenset[str]
    role: str | None
    totals: Mapping[str, float]
    cues: frozenset[str]
    category: str | None = None
    # How much the message counts in the kind model (its split's weight in the manifest).
    weight: float = 1.0
    # From a split that only teaches topics (the manifest's `topic_only`), not kinds or reasons.
    topic_only: bool = False


@dataclass(frozen=True, slots=True)
class Task:
    name: str
    classes: tuple[str, ...]
    label: Callable[[Row], str]
    rule_targets: tuple[str, ...]
    learns_from: Callable[[Row], bool] = lambda row: not row.topic_only
    # Whether a row counts its split's weight here, or once.
    weighted: bool = False


def _labelled_grievance(row: Row) -> bool:
    return row.kind == "grievance" and row.category is not None


def _has_reason(row: Row) -> bool:
    return row.kind != "none" and not row.topic_only


TASKS = (
    # The splits' weights (the manifests) are for the kind: real complaints and chit-chat weigh
    # in what a message is, not in its reason or topic, which they hardly show.
    Task("kind", KINDS, lambda row: row.kind, KINDS, weighted=True),
    # A reason is only named for a grievance, a visit or an emergency, so only they teach it.
    Task("reason", REASON_CLASSES, lambda row: row.reason, REASONS, _has_reason),
    # The topic of a grievance (一级分类), learnt from grievances only, with the rules' topic
    # scores as evidence beside the n-grams.
    Task("category", CATEGORIES, lambda row: row.category or "", CATEGORIES, _labelled_grievance),
)
MODELS = tuple(task.name for task in TASKS)


@dataclass(frozen=True, slots=True)
class Fitted:
    """Rounded weights per table and feature (class -> weight) and the bias, per model."""

    bias: Mapping[str, Mapping[str, float]]
    tables: Mapping[str, Mapping[str, Mapping[str, Mapping[str, float]]]]  # model -> table -> key


def read_rows(
    classifier: Classifier, splits: Sequence[tuple[str, Sequence[Example]]], manifest: Manifest | None = None
) -> list[Row]:
    manifest = manifest or Manifest()
    rows = []
    for name, examples in splits:
        for e in examples:
            analysis = classifier.analyse(e.text, e.sender_role)
            rows.append(
                Row(
                    name,
                    e.kind,
                    e.must_visit or NO_REASON,
                    frozenset(text_ngrams(analysis.text)),
                    e.sender_role,
                    dict(analysis.scores.totals),
                    frozenset(analysis.found.cues),
                    e.category,
                    manifest.weights.get(name, 1.0),
                    name in manifest.topic_only,
                )
            )
    return rows


def _ngram_features(row: Row) -> dict[str, float]:
    found = {f"ngrams.{g}": 1.0 for g in row.grams}
    if row.role:
        found[f"roles.{row.role}"] = 1.0
    return found


def _fit(
    matrix: Any, labels: Sequence[str], weights: Sequence[float], c: float, classes: tuple[str, ...]
) -> tuple[Any, Any]:
    """(coefficients, intercepts) with one row per class of `classes`, in that order (a class
    no training message has gets weights far below the others)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels, sample_weight=np.asarray(weights))
    found_coef, found_intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # scikit-learn gives one row for the second class; split it symmetrically
        found_coef = np.vstack([-found_coef[0] / 2, found_coef[0] / 2])
        found_intercept = np.array([-found_intercept[0] / 2, found_intercept[0] / 2])
    coef = np.zeros((len(classes), matrix.shape[1]))
    intercept = np.full(len(classes), -20.0)
    for row, name in enumerate(model.classes_):
        coef[classes.index(name)], intercept[classes.index(name)] = found_coef[row], found_intercept[row]
    return coef, intercept


def fit_task(rows: Sequence[Row], untuned: set[str], task: Task, options: LearnOptions) -> tuple[dict, dict]:
    """(bias, tables) of one model, composed from its two stages."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    rows = [row for row in rows if task.learns_from(row)]

    # In a weighted model, a message of a split that weighs w counts as w messages, for
    # `min_count` and the chi-square selection as in the fits.
    sample_weights = [row.weight if task.weighted else 1.0 for row in rows]
    counts: Counter[str] = Counter()
    for row, weight in zip(rows, sample_weights, strict=True):
        counts.update(dict.fromkeys(row.grams, weight))
    rare = {g for g, n in counts.items() if n < options.min_count}
    features = [{k: v for k, v in _ngram_features(row).items() if k[7:] not in rare} for row in rows]
    labels = [task.label(row) for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    grams = np.array([name.startswith("ngrams.") for name in vectorizer.get_feature_names_out()])
    if grams.sum() > options.max_ngrams:
        from scipy.sparse import diags
        from sklearn.feature_selection import SelectKBest, chi2

        weighted = diags(sample_weights) @ matrix[:, grams]
        selector = SelectKBest(chi2, k=options.max_ngrams).fit(weighted, labels)
        keep = ~grams
        keep[np.flatnonzero(grams)[selector.get_support()]] = True
        matrix = matrix[:, keep]
        vectorizer.restrict(keep)
    w1, b1 = _fit(matrix, labels, sample_weights, options.c_ngrams, task.classes)

    held = [i for i, row in enumerate(rows) if row.split in untuned]
    splits = sorted(untuned & {row.split for row in rows})
    scores = np.zeros((len(rows), len(task.classes)))
    for fold in range(min(options.folds, len(splits))):
        out = set(splits[fold :: options.folds])
        inside = [i for i, row in enumerate(rows) if row.split not in out]
        outside = [i for i in held if rows[i].split in out]
        w, b = _fit(
            matrix[inside],
            [labels[i] for i in inside],
            [sample_weights[i] for i in inside],
            options.c_ngrams,
            task.classes,
        )
        scores[outside] = matrix[outside] @ w.T + b
    cues = CUES
    combine = np.array(
        [
            [*scores[i], *(rows[i].totals.get(t, 0.0) for t in task.rule_targets), *(c in rows[i].cues for c in cues)]
            for i in held
        ],
        dtype=float,
    )
    w2, b2 = _fit(
        combine, [labels[i] for i in held], [sample_weights[i] for i in held], options.c_combine, task.classes
    )
    n = len(task.classes)
    through = w2[:, :n]
    composed = through @ w1  # n-gram and role weights, through the combining stage
    bias = through @ b1 + b2
    tables: dict[str, dict[str, dict[str, float]]] = {t: {} for t in TABLES}
    columns = [*(f"rules.{t}" for t in task.rule_targets), *(f"cues.{c}" for c in cues)]
    named = [(name, composed[:, j]) for j, name in enumerate(vectorizer.get_feature_names_out())]
    named += [(name, w2[:, n + j]) for j, name in enumerate(columns)]
    for name, column in named:
        weights = {c: round(float(w), options.digits) for c, w in zip(task.classes, column, strict=True)}
        table, _, key = name.partition(".")
        floor = options.category_keep if task.name == "category" and table == "ngrams" else 0.0
        kept = {c: w for c, w in weights.items() if w and abs(w) >= floor}
        if kept and max(map(abs, weights.values())) >= options.keep:
            tables[table][key] = kept
    return {c: round(float(b), options.digits) for c, b in zip(task.classes, bias, strict=True)}, tables


def fit(
    rows: Sequence[Row],
    untuned: set[str],
    options: LearnOptions = LearnOptions(),
    topics_untuned: Collection[str] = (),
) -> Fitted:
    """`topics_untuned` names splits that the kind rules were tuned on but the topic rules
    (categories.toml) were not: the category model learns the rules' weight on them too."""
    if not untuned & {row.split for row in rows}:
        raise ValueError(
            "no untuned split given: the rules' weight can only be learnt on splits they were not tuned on"
        )
    bias, tables = {}, {}
    for task in TASKS:
        if any(task.learns_from(row) for row in rows):  # no topic model without labelled grievances
            here = untuned | set(topics_untuned) if task.name == "category" else untuned
            bias[task.name], tables[task.name] = fit_task(rows, here, task, options)
    return Fitted(bias, tables)


def _key(name: str) -> str:
    """A TOML key: bare when it can be (kinds, reasons, cues), quoted otherwise (n-grams, categories)."""
    return name if name.isascii() else f'"{name}"'


def _inline(weights: Mapping[str, float]) -> str:
    return "{ " + ", ".join(f"{_key(name)} = {weight}" for name, weight in weights.items()) + " }"


def render(fitted: Fitted, options: LearnOptions, sources: Sequence[str], untuned: Sequence[str], size: int) -> str:
    """The TOML text of `learnt.toml`."""
    lines = [
        "# GENERATED by `python -m nlp mine` (nlp/learn.py): the learnt models (nlp/learnt.py).",
        "#",
        f"# Fitted on {size} labelled messages: " + ", ".join(sources) + ";",
        "# the rules' and cues' weights only on the splits the rules were never tuned on:",
        "# " + ", ".join(untuned) + ".",
        f"# Logistic regressions, L2 penalties C = {options.c_ngrams} (n-grams) and {options.c_combine} (combining);",
        f"# per model, of the n-grams seen in at least {options.min_count} messages, the",
        f"# {options.max_ngrams} most telling (chi-square); weights under {options.keep} for every class dropped,",
        f"# and the category model's n-gram weights under {options.category_keep}.",
        "#",
        "# For a message, each class's score is its bias plus, for each feature present, the",
        "# feature's weight for that class (for `rules`, times the rules' score for the kind or",
        "# reason named on the left). An emergency wins as soon as its softmax probability reaches",
        "# `emergency_threshold`; else the likeliest kind, `none` weighed up by e^`none_margin`;",
        "# a reason is named unless",
        "# `no_reason` is at least `reason_threshold` likely. A class left out of a line weighs 0.",
        "#",
        "# A secretary may edit any weight or delete any line (deleting this whole file turns",
        "# the models off and the rules' thresholds decide); re-running the miner overwrites the",
        "# file. `python -m nlp check-rules` validates it.",
        "",
        "[learnt]",
        f"emergency_threshold = {options.emergency_threshold}",
        f"reason_threshold = {options.reason_threshold}",
        f"none_margin = {options.none_margin}",
    ]
    for model in (m for m in MODELS if m in fitted.bias):
        lines += ["", f"[learnt.{model}.bias]", *(f"{_key(c)} = {w}" for c, w in fitted.bias[model].items())]
        for table in TABLES:
            entries = fitted.tables[model].get(table, {})
            lines += ["", f"[learnt.{model}.{table}]"]
            ordered = sorted(entries.items(), key=lambda item: (-max(map(abs, item[1].values())), item[0]))
            for key, weights in ordered:
                lines.append(f"{_key(key)} = {_inline(weights)}")
    return "\n".join(lines) + "\n"


def to_learnt(fitted: Fitted, options: LearnOptions = LearnOptions()) -> Learnt:
    """The models as the classifier will read them from the written file (rounded, pruned)."""
    return validate.learnt("fitted models", tomllib.loads(render(fitted, options, [], [], 0))["learnt"])


def write(
    splits: Sequence[tuple[str, Sequence[Example]]],
    manifest: Manifest,
    classifier: Classifier,
    out: Path = DEFAULT_LEARNT,
    options: LearnOptions = LearnOptions(),
) -> Fitted:
    """Fit and write the models, with the splits' weights and tuning as `manifest` says."""
    rows = read_rows(classifier, splits, manifest)
    fitted = fit(rows, set(manifest.untuned), options, manifest.topics_untuned)
    names = [name for name, _ in splits]
    kept = [name for name in names if name in set(manifest.untuned)]
    out.write_text(render(fitted, options, names, kept, len(rows)), encoding="utf-8")
    return fitted
