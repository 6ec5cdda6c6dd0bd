"""The cache of parsed rules files: used on the next start, rebuilt when stale or corrupt."""

from __future__ import annotations

import marshal

import pytest

from nlp import cache, rulefile
from nlp.classifier import Classifier
from nlp.corpus import read_corpus
from nlp.errors import RulesError
from nlp.rulefile import DEFAULT_LEARNT, DEFAULT_RULES, load_ruleset
from tests.nlp.helpers import DATA, copy_rules


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LIANHU_NLP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def rules(tmp_path):
    return copy_rules(tmp_path / "rules")


def _no_parsing(monkeypatch):
    """From now on a TOML parse fails the test: whatever loads came from the cache."""

    def parse(_text: str) -> dict:
        raise AssertionError("a rules file was parsed again")

    monkeypatch.setattr(rulefile.tomllib, "loads", parse)


def _entries(rules):
    entries = {file.name: cache.table_path(str(file)) for file in sorted(rules.glob("*.toml"))}
    assert None not in entries.values()
    return entries


def test_a_second_load_reads_every_file_from_the_cache(cache_dir, rules, monkeypatch):
    first = load_ruleset(rules)
    assert all(path.is_file() and path.is_relative_to(cache_dir) for path in _entries(rules).values())
    _no_parsing(monkeypatch)
    assert load_ruleset(rules) == first


def test_the_cached_table_is_what_loads_and_is_still_validated(cache_dir, rules):
    load_ruleset(rules)
    entry = _entries(rules)["00-settings.toml"]
    key, table = marshal.loads(entry.read_bytes())
    table["settings"]["negation_window"] = 5
    entry.write_bytes(marshal.dumps((key, table)))
    assert load_ruleset(rules).settings.negation_window == 5
    table["settings"]["negation_window"] = "five"
    entry.write_bytes(marshal.dumps((key, table)))
    with pytest.raises(RulesError, match="negation_window"):
        load_ruleset(rules)


def test_an_edited_file_is_parsed_again_and_its_entry_replaced(cache_dir, rules):
    assert load_ruleset(rules).settings.negation_window != 1
    settings = rules / "00-settings.toml"
    entry = _entries(rules)[settings.name]
    before = entry.read_bytes()
    text = settings.read_text(encoding="utf-8")
    assert "negation_window = " in text
    lines = ["negation_window = 1" if line.startswith("negation_window") else line for line in text.splitlines()]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_ruleset(rules).settings.negation_window == 1
    assert entry.read_bytes() != before
    assert sorted(path.name for path in entry.parent.iterdir()) == sorted(p.name for p in _entries(rules).values())


@pytest.mark.parametrize("garbage", [b"", b"\x00not marshal at all", marshal.dumps(["a", "list"])])
def test_a_corrupt_entry_is_ignored_and_rewritten(cache_dir, rules, monkeypatch, garbage):
    fresh = load_ruleset(rules, cache=False)
    load_ruleset(rules)
    for entry in _entries(rules).values():
        entry.write_bytes(garbage)
    assert load_ruleset(rules) == fresh
    _no_parsing(monkeypatch)
    assert load_ruleset(rules) == fresh


def test_a_syntax_error_is_reported_and_not_cached(cache_dir, rules):
    broken = rules / "zz-broken.toml"
    broken.write_text('[[groups]\nname = "x"', encoding="utf-8")
    with pytest.raises(RulesError, match="TOML syntax"):
        load_ruleset(rules)
    assert not _entries(rules)[broken.name].exists()


def test_an_unusable_cache_folder_still_loads(cache_dir, rules):
    cache_dir.mkdir()
    (cache_dir / cache.TABLES).write_text("a file where the cache folder would be", encoding="utf-8")
    assert load_ruleset(rules) == load_ruleset(rules, cache=False)
    assert (cache_dir / cache.TABLES).is_file()


def test_no_user_cache_no_cached_tables(tmp_path, rules, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("LIANHU_NLP_CACHE_DIR", str(blocker / "cache"))
    assert cache.table_path(str(rules / "00-settings.toml")) is None
    assert load_ruleset(rules) == load_ruleset(rules, cache=False)


def test_the_shipped_rules_answer_the_same_with_and_without_the_cache(cache_dir):
    uncached = load_ruleset(DEFAULT_RULES, learnt=DEFAULT_LEARNT, cache=False)
    cold = load_ruleset(DEFAULT_RULES, learnt=DEFAULT_LEARNT)
    warm = load_ruleset(DEFAULT_RULES, learnt=DEFAULT_LEARNT)
    assert uncached == cold == warm and warm.learnt is not None
    texts = [example.text for example in read_corpus(DATA / "dev5.jsonl")][:300]
    with_cache, without = Classifier(warm), Classifier(uncached)
    assert [with_cache.classify(t) for t in texts] == [without.classify(t) for t in texts]
