"""Cross-validation by whole held-out splits, on a tiny labelled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.crossval import crossval
from nlp.learn import LearnOptions
from nlp.metrics import Evaluation
from nlp.splits import Manifest
from tests.nlp.helpers import LEARNT_FILE, TINY_MANIFEST, UNKNOWN_TO_THE_RULES, Split, copy_rules, tiny_corpus

Result = tuple[list[tuple[str, Evaluation]], Evaluation]


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_rules(tmp_path_factory.mktemp("rules"))


@pytest.fixture(scope="module")
def splits() -> list[Split]:
    return tiny_corpus()


@pytest.fixture(scope="module")
def result(rules: Path, splits: list[Split]) -> Result:
    return crossval(rules, splits, TINY_MANIFEST, ["c", "b"], LearnOptions())


def test_one_evaluation_per_held_split_in_corpus_order(result: Result, splits: list[Split]):
    per_split, _ = result
    sizes = {name: len(examples) for name, examples in splits}
    assert [(name, ev.total) for name, ev in per_split] == [("b", sizes["b"]), ("c", sizes["c"])]


def test_the_pooled_evaluation_adds_up_the_held_splits(result: Result):
    per_split, pooled = result
    assert pooled.total == sum(ev.total for _, ev in per_split)
    for kind, score in pooled.per_kind.items():
        assert score.support == sum(ev.per_kind[kind].support for _, ev in per_split)
    assert pooled.must_visit_support == sum(ev.must_visit_support for _, ev in per_split)


def test_each_held_split_is_read_with_learnt_models(result: Result):
    per_split, _ = result
    assert all(ev.kind_accuracy >= 0.95 for _, ev in per_split)
    assert not [m for _, ev in per_split for m in ev.misses if UNKNOWN_TO_THE_RULES in m.example.text]


def test_crossval_leaves_the_rules_directory_as_it_was(result: Result, rules: Path):
    assert not (rules / LEARNT_FILE).exists()


def test_a_held_split_is_not_trained_on(rules: Path, splits: list[Split]):
    with pytest.raises(ValueError, match="untuned"):
        crossval(rules, splits, Manifest(untuned=("b",)), ["b"], LearnOptions())
