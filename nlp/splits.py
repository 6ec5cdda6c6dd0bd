"""The labelled splits the learnt models are fitted on, which of them the rules were tuned on,
and how much each counts."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.corpus import Example, read_corpus

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "nlp"
# Real text nobody here wrote (tests/data/nlp_real/README.md). Its tuning part teaches the
# category model by default; its training parts are fitted on only when named; its held-out
# part never is.
REAL_CORPUS = DEFAULT_CORPUS.parent / "nlp_real"
TOPIC_CORPUS = REAL_CORPUS / "tune.jsonl"
# Beside each folder of splits: `tuned = [...]` (the splits the hand-written rules were tuned
# on), `topics_tuned = [...]` (those the topic rules of categories.toml were tuned on; `tuned`
# if absent), `topic_only = [...]` (splits that teach the category model and nothing else) and
# `[weights]` (how much one message of a split counts in the kind model; 1 if absent).
MANIFEST = "splits.toml"


@dataclass(frozen=True, slots=True)
class Manifest:
    untuned: tuple[str, ...] = ()
    # Splits the kind rules were tuned on but the topic rules were not.
    topics_untuned: tuple[str, ...] = ()
    topic_only: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)


def tuning_splits(folder: Path = DEFAULT_CORPUS) -> list[Path]:
    """The splits dev*.jsonl of `folder`, in name order (never a held-out folder)."""
    return sorted(folder.glob("dev*.jsonl"))


def default_splits() -> list[Path]:
    """What `python -m nlp mine` fits on without FILES: the team's dev splits and the real
    complaints of the topic corpus."""
    return tuning_splits() + ([TOPIC_CORPUS] if TOPIC_CORPUS.is_file() else [])


def real_training_splits() -> list[Path]:
    """The real text's parts that only teach the learnt models (README.md of the folder)."""
    return [REAL_CORPUS / "board-train.jsonl", *sorted(REAL_CORPUS.glob("chat-train*.jsonl"))]


def load_splits(paths: Sequence[Path]) -> list[tuple[str, list[Example]]]:
    """(split name, its examples) per file; the name is the file's stem."""
    return [(path.stem, read_corpus(path)) for path in paths]


def manifest(paths: Sequence[Path]) -> Manifest:
    """The manifests beside `paths`, merged (a file without a manifest beside it counts as
    untuned, weighing 1)."""
    folders = {folder: _Folder.read(folder / MANIFEST) for folder in {path.parent for path in paths}}
    untuned, topics_untuned, topic_only, weights = [], [], [], {}
    for path in paths:
        folder, name = folders[path.parent], path.stem
        if name not in folder.tuned:
            untuned.append(name)
        elif name not in folder.topics_tuned:
            topics_untuned.append(name)
        if name in folder.topic_only:
            topic_only.append(name)
        weights[name] = folder.weights.get(name, 1.0)
    return Manifest(tuple(untuned), tuple(topics_untuned), tuple(topic_only), weights)


@dataclass(frozen=True, slots=True)
class _Folder:
    """One `splits.toml`, validated."""

    tuned: frozenset[str]
    topics_tuned: frozenset[str]
    topic_only: frozenset[str]
    weights: Mapping[str, float]

    @classmethod
    def read(cls, path: Path) -> _Folder:
        table = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        tuned = _names(table, "tuned", path, frozenset())
        weights = table.get("weights", {})
        for name, weight in weights.items():
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight <= 0:
                raise ValueError(f"{path}: weights.{name} must be a positive number")
        return cls(
            tuned,
            _names(table, "topics_tuned", path, tuned),
            _names(table, "topic_only", path, frozenset()),
            {name: float(weight) for name, weight in weights.items()},
        )


def _names(table: dict, key: str, path: Path, default: frozenset[str]) -> frozenset[str]:
    names = table.get(key, default)
    if not isinstance(names, list | frozenset) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{path}: '{key}' must be a list of split names")
    return frozenset(names)
