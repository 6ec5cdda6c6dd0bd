"""Fitting learnt.toml on a tiny labelled corpus: the rows, the fit, the rendered file."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from nlp import Classifier, load_rules
from nlp.corpus import Example
from nlp.learn import Fitted, LearnOptions, Row, fit, read_rows, render, write
from nlp.learnt import NO_REASON, text_ngrams
from nlp.rulefile import validate_learnt_file
from nlp.splits import Manifest
from nlp.vocab import CATEGORIES
from tests.nlp.helpers import (
    LEARNT_FILE,
    TINY_MANIFEST,
    TINY_SPLITS,
    TINY_UNTUNED,
    UNKNOWN_TO_THE_RULES,
    Split,
    copy_rules,
    header,
    tiny_corpus,
)


@dataclass(frozen=True)
class Trained:
    splits: list[Split]
    rules_only: Classifier
    rows: list[Row]
    fitted: Fitted
    out: Path
    classifier: Classifier


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    folder = copy_rules(tmp_path_factory.mktemp("rules"))
    out = tmp_path_factory.mktemp("learnt") / LEARNT_FILE
    splits = tiny_corpus()
    rules_only = load_rules(folder)
    fitted = write(splits, TINY_MANIFEST, rules_only, out)
    return Trained(splits, rules_only, read_rows(rules_only, splits), fitted, out, load_rules(folder, learnt=out))


def ngram_counts(rows: list[Row]) -> Counter[str]:
    return Counter(g for row in rows for g in row.grams)


def test_read_rows_gives_one_row_per_message_with_its_labels(trained: Trained):
    examples = [(name, e) for name, split in trained.splits for e in split]
    assert [(r.split, r.kind, r.role) for r in trained.rows] == [(n, e.kind, e.sender_role) for n, e in examples]
    assert [r.reason for r in trained.rows] == [e.must_visit or NO_REASON for _, e in examples]


def test_read_rows_keeps_the_ngrams_rule_scores_and_cues_of_each_message(trained: Trained):
    examples = [e for _, split in trained.splits for e in split]
    rows = {e.text: row for e, row in zip(examples, trained.rows, strict=True)}
    fire = rows["老王家着火了 火很大 快来人"]
    assert fire.grams == text_ngrams("老王家着火了 火很大 快来人")
    assert fire.totals["emergency"] > 0 and "now" in fire.cues
    meeting = rows["明天上午在菜地旁开会 请准时参加"]
    assert "future" in meeting.cues and meeting.totals.get("emergency", 0.0) == 0.0


def test_fit_needs_an_untuned_split(trained: Trained):
    with pytest.raises(ValueError, match="untuned"):
        fit(trained.rows, set())
    with pytest.raises(ValueError, match="untuned"):
        fit(trained.rows, {"never-written"})


def test_the_written_file_validates_and_names_the_splits(trained: Trained):
    validate_learnt_file(trained.out)
    text = header(trained.out.read_text(encoding="utf-8"))
    assert f"Fitted on {len(trained.rows)} labelled messages: {', '.join(TINY_SPLITS)};" in text
    assert f"never tuned on: {', '.join(TINY_UNTUNED)}." in text


def test_the_written_file_lists_what_fit_returned(trained: Trained):
    table = tomllib.loads(trained.out.read_text(encoding="utf-8"))["learnt"]
    for model in ("kind", "reason"):
        assert table[model]["bias"] == trained.fitted.bias[model]
        for name, entries in trained.fitted.tables[model].items():
            assert table[model][name] == entries


def test_the_learnt_classifier_gets_most_training_messages_right(trained: Trained):
    examples = [e for _, split in trained.splits for e in split]
    answers = [trained.classifier.classify(e.text, e.sender_role) for e in examples]
    assert trained.classifier.rules.learnt is not None
    assert sum(a.kind == e.kind for a, e in zip(answers, examples, strict=True)) >= 0.95 * len(examples)
    assert sum(a.must_visit == e.must_visit for a, e in zip(answers, examples, strict=True)) >= 0.95 * len(examples)


def test_the_learnt_layer_reads_wording_the_rules_miss(trained: Trained):
    chats = [e for _, split in trained.splits for e in split if UNKNOWN_TO_THE_RULES in e.text]
    assert chats and all(e.kind == "visit" for e in chats)
    assert {trained.rules_only.classify(e.text, e.sender_role).kind for e in chats} == {"none"}
    assert {trained.classifier.classify(e.text, e.sender_role).kind for e in chats} == {"visit"}


def strength(weights: Mapping[str, float]) -> float:
    return max(map(abs, weights.values()), default=0.0)


def test_rendered_ngram_lines_are_sorted_strongest_first(trained: Trained):
    text = render(trained.fitted, LearnOptions(), TINY_SPLITS, TINY_UNTUNED, len(trained.rows))
    table = tomllib.loads(text)["learnt"]
    for model in ("kind", "reason"):
        strengths = [strength(w) for w in table[model]["ngrams"].values()]
        assert len(strengths) > 10
        assert strengths == sorted(strengths, reverse=True)


def test_rendered_thresholds_are_the_options(trained: Trained):
    options = LearnOptions(emergency_threshold=0.3, reason_threshold=0.7)
    table = tomllib.loads(render(trained.fitted, options, TINY_SPLITS, TINY_UNTUNED, len(trained.rows)))["learnt"]
    assert (table["emergency_threshold"], table["reason_threshold"]) == (0.3, 0.7)


def test_fitted_weights_under_keep_for_every_class_are_dropped(trained: Trained):
    keep = LearnOptions().keep
    for tables in trained.fitted.tables.values():
        for entries in tables.values():
            assert all(strength(weights) >= keep for weights in entries.values())
            assert all(w != 0 for weights in entries.values() for w in weights.values())


def fitted_ngrams(rows: list[Row], min_count: int) -> dict[str, set[str]]:
    fitted = fit(rows, set(TINY_UNTUNED), LearnOptions(min_count=min_count, keep=0.0))
    return {model: set(fitted.tables[model]["ngrams"]) for model in ("kind", "reason")}


def with_reasons(rows: list[Row]) -> list[Row]:
    """The rows the reason model learns from: a `none` has no reason."""
    return [row for row in rows if row.kind != "none"]


def test_a_min_count_of_one_keeps_every_ngram(trained: Trained):
    found = fitted_ngrams(trained.rows, 1)
    assert found["kind"] == set(ngram_counts(trained.rows))
    assert found["reason"] == set(ngram_counts(with_reasons(trained.rows))) < found["kind"]


def test_min_count_drops_ngrams_seen_in_fewer_messages(trained: Trained):
    found = fitted_ngrams(trained.rows, 10)
    for model, rows in (("kind", trained.rows), ("reason", with_reasons(trained.rows))):
        counts = ngram_counts(rows)
        frequent = {g for g, n in counts.items() if n >= 10}
        assert 0 < len(frequent) < len(counts)
        assert found[model] == frequent


def test_min_count_counts_a_message_of_a_weighted_split_as_that_many(trained: Trained):
    counts = ngram_counts(trained.rows)
    once = {g for g, n in counts.items() if n == 1}
    weighted = [replace(row, weight=2.0) for row in trained.rows]
    found = fitted_ngrams(weighted, 2)
    assert once and once <= found["kind"]
    assert not once & fitted_ngrams(trained.rows, 2)["kind"]
    # The reason model counts every message once.
    assert not once & found["reason"]


def test_max_ngrams_keeps_that_many_ngrams_per_model_and_every_role(trained: Trained):
    fitted = fit(trained.rows, set(TINY_UNTUNED), LearnOptions(max_ngrams=20, keep=0.0))
    roles = {row.role for row in trained.rows if row.role}
    for model in ("kind", "reason"):
        tables = fitted.tables[model]
        assert len(tables["ngrams"]) == 20
        assert set(tables["roles"]) == roles


# The tiny corpus's grievances, by topic: what the category model must learn to route.
TOPICS = {"路灯": "城乡建设", "垃圾": "环境保护", "路坑": "城乡建设"}


def with_topics(splits: list[Split]) -> list[Split]:
    def topic(e: Example) -> str | None:
        return next(c for word, c in TOPICS.items() if word in e.text) if e.kind == "grievance" else None

    return [(name, [replace(e, category=topic(e)) for e in examples]) for name, examples in splits]


def test_without_labelled_grievances_no_category_model_is_written(trained: Trained):
    assert "category" not in trained.fitted.bias
    assert "category" not in tomllib.loads(trained.out.read_text(encoding="utf-8"))["learnt"]
    assert trained.classifier.rules.learnt is not None and trained.classifier.rules.learnt.category is None


def test_the_category_model_routes_grievances_and_a_topic_only_split_teaches_only_it(tmp_path: Path):
    folder = copy_rules(tmp_path / "rules")
    # Real complaints about rubbish, in words no rule lists, in a split the kind rules were
    # tuned on but the topic rules were not: they may only teach the topic.
    board = [
        Example(f"board{i}", f"{p}反映{place}脏乱差蚊蝇滋生", "household", "grievance", None, "环境保护")
        for i, (p, place) in enumerate(zip(("甲", "乙", "丙", "丁"), ("东区", "西区", "南区", "北区"), strict=True))
    ]
    splits = [*with_topics(tiny_corpus()), ("board", board)]
    manifest = Manifest(untuned=TINY_UNTUNED, topics_untuned=("board",), topic_only=("board",))
    # A corpus this small fits small weights: keep them all (the shipped file drops those under 0.2).
    everything = LearnOptions(category_keep=0.0)
    fitted = write(splits, manifest, load_rules(folder), tmp_path / LEARNT_FILE, everything)
    assert set(fitted.bias) == {"kind", "reason", "category"}
    assert "脏乱" in fitted.tables["category"]["ngrams"] and "脏乱" not in fitted.tables["kind"]["ngrams"]
    assert set(fitted.tables["category"]["rules"]) <= set(CATEGORIES)
    classifier = load_rules(folder, learnt=tmp_path / LEARNT_FILE)
    assert classifier.rules.learnt is not None and classifier.rules.learnt.category is not None
    grievances = [e for _, split in splits for e in split if e.kind == "grievance"]
    assert all(classifier.classify(e.text, e.sender_role).category == e.category for e in grievances)
    assert classifier.classify("小区脏乱差蚊蝇滋生 请村里处理", "household").category == "环境保护"


def test_in_the_kind_model_a_split_that_weighs_three_fits_as_three_copies_of_it(trained: Trained):
    options = LearnOptions(keep=0.0, digits=4)
    weighted = [replace(row, weight=3.0) if row.split == "c" else row for row in trained.rows]
    copied = [copy for row in trained.rows for copy in [row] * (3 if row.split == "c" else 1)]
    by_weight, by_copies = fit(weighted, set(TINY_UNTUNED), options), fit(copied, set(TINY_UNTUNED), options)
    unweighted = fit(trained.rows, set(TINY_UNTUNED), options)
    assert set(by_weight.tables["kind"]["ngrams"]) == set(by_copies.tables["kind"]["ngrams"])
    for name, weight in by_weight.bias["kind"].items():
        assert weight == pytest.approx(by_copies.bias["kind"][name], abs=0.02)
    assert by_weight.bias["kind"] != unweighted.bias["kind"]
    # The reason model counts every message once.
    assert by_weight.bias["reason"] == pytest.approx(unweighted.bias["reason"], abs=0.01)
