"""The labelled splits and the manifest of those the rules were tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.splits import (
    DEFAULT_CORPUS,
    default_splits,
    load_splits,
    manifest,
    real_training_splits,
    tuning_splits,
)
from tests.nlp.helpers import DATA, TINY_SPLITS, tiny_corpus, write_corpus


def touch(folder: Path, *names: str) -> list[Path]:
    paths = [folder / name for name in names]
    for path in paths:
        path.write_text("", encoding="utf-8")
    return paths


def test_tuning_splits_are_the_dev_files_in_name_order(tmp_path):
    touch(tmp_path, "dev2.jsonl", "dev.jsonl", "dev10.jsonl", "blind.jsonl", "dev.txt", "notes.md")
    assert [p.name for p in tuning_splits(tmp_path)] == ["dev.jsonl", "dev10.jsonl", "dev2.jsonl"]


def test_tuning_splits_default_to_the_labelled_corpus():
    assert DEFAULT_CORPUS == DATA
    found = tuning_splits()
    assert DATA / "dev.jsonl" in found and all(p.parent == DATA and p.name.startswith("dev") for p in found)


def test_load_splits_names_each_split_by_its_file_stem(tmp_path):
    paths = write_corpus(tmp_path, tiny_corpus())
    loaded = load_splits(paths)
    assert [name for name, _ in loaded] == list(TINY_SPLITS)
    assert [[e.text for e in examples] for _, examples in loaded] == [
        [e.text for e in examples] for _, examples in tiny_corpus()
    ]


def test_untuned_leaves_out_the_splits_the_manifest_lists(tmp_path):
    paths = touch(tmp_path, "dev.jsonl", "dev2.jsonl", "dev3.jsonl")
    (tmp_path / "splits.toml").write_text('tuned = ["dev", "dev3", "gone"]\n', encoding="utf-8")
    assert list(manifest(paths).untuned) == ["dev2"]


def test_without_a_manifest_every_split_is_untuned(tmp_path):
    paths = touch(tmp_path, "dev.jsonl", "dev2.jsonl")
    assert list(manifest(paths).untuned) == ["dev", "dev2"]


def test_an_empty_manifest_tunes_nothing(tmp_path):
    paths = touch(tmp_path, "dev.jsonl")
    (tmp_path / "splits.toml").write_text("# no tuned list yet\n", encoding="utf-8")
    assert list(manifest(paths).untuned) == ["dev"]


@pytest.mark.parametrize(
    "text",
    ['tuned = "dev"', "tuned = [1, 2]", 'tuned = [["dev"]]', "tuned = [dev"],
    ids=["not a list", "numbers", "nested", "toml syntax"],
)
def test_a_malformed_manifest_raises_value_error(tmp_path, text):
    paths = touch(tmp_path, "dev.jsonl")
    (tmp_path / "splits.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        manifest(paths)


def test_the_shipped_manifest_keeps_the_rules_tuning_splits_out():
    names = manifest(tuning_splits()).untuned
    assert "dev11" in names and "dev" not in names and "dev9" not in names


def test_the_manifest_gives_weights_and_splits_only_the_topic_rules_never_saw(tmp_path):
    paths = touch(tmp_path, "dev.jsonl", "real.jsonl", "chat.jsonl")
    (tmp_path / "splits.toml").write_text(
        'tuned = ["dev", "real"]\ntopics_tuned = ["dev"]\n[weights]\nreal = 6\n', encoding="utf-8"
    )
    found = manifest(paths)
    assert found.untuned == ("chat",)
    assert found.topics_untuned == ("real",)
    assert found.weights == {"dev": 1.0, "real": 6.0, "chat": 1.0}


def test_without_topics_tuned_the_topic_rules_were_tuned_where_the_rules_were(tmp_path):
    paths = touch(tmp_path, "dev.jsonl", "dev2.jsonl")
    (tmp_path / "splits.toml").write_text('tuned = ["dev"]\n', encoding="utf-8")
    assert manifest(paths).topics_untuned == ()


@pytest.mark.parametrize("weight", ["0", "-1", '"six"', "true"])
def test_a_weight_that_is_not_a_positive_number_raises_value_error(tmp_path, weight):
    paths = touch(tmp_path, "dev.jsonl")
    (tmp_path / "splits.toml").write_text(f"[weights]\ndev = {weight}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="weights.dev"):
        manifest(paths)


def test_mine_fits_on_the_dev_splits_and_the_real_complaints_never_the_real_held_out_part():
    names = [p.name for p in default_splits()]
    assert "tune.jsonl" in names and "dev.jsonl" in names and "heldout.jsonl" not in names
    training = [p.name for p in real_training_splits()]
    assert training == ["board-train.jsonl", *(f"chat-train{n}.jsonl" for n in range(1, 5))]
    assert all(p.is_file() for p in real_training_splits())


def test_the_shipped_real_manifest_lets_its_tuning_part_teach_only_the_topic():
    found = manifest([*default_splits(), *real_training_splits()])
    assert found.topic_only == ("tune",) and found.topics_untuned == ("tune",)
    assert "tune" not in found.untuned and "board-train" in found.untuned and "chat-train1" in found.untuned
    assert found.weights["board-train"] == 6.0 and found.weights["chat-train1"] == 1.0
