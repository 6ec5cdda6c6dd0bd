"""The labelled splits and the manifest of those the rules were tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.splits import DEFAULT_CORPUS, load_splits, tuning_splits, untuned
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
    assert untuned(paths) == ["dev2"]


def test_without_a_manifest_every_split_is_untuned(tmp_path):
    paths = touch(tmp_path, "dev.jsonl", "dev2.jsonl")
    assert untuned(paths) == ["dev", "dev2"]


def test_an_empty_manifest_tunes_nothing(tmp_path):
    paths = touch(tmp_path, "dev.jsonl")
    (tmp_path / "splits.toml").write_text("# no tuned list yet\n", encoding="utf-8")
    assert untuned(paths) == ["dev"]


@pytest.mark.parametrize(
    "manifest",
    ['tuned = "dev"', "tuned = [1, 2]", 'tuned = [["dev"]]', "tuned = [dev"],
    ids=["not a list", "numbers", "nested", "toml syntax"],
)
def test_a_malformed_manifest_raises_value_error(tmp_path, manifest):
    paths = touch(tmp_path, "dev.jsonl")
    (tmp_path / "splits.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ValueError):
        untuned(paths)


def test_the_shipped_manifest_keeps_the_rules_tuning_splits_out():
    names = untuned(tuning_splits())
    assert "dev11" in names and "dev" not in names and "dev9" not in names
