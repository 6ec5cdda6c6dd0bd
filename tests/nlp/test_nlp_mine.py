"""The data-mined n-gram layer: the miner, the loader's checks, and how it scores."""

from __future__ import annotations

import pytest

from nlp import validate
from nlp.corpus import Example
from nlp.errors import RulesError
from nlp.mine import Options, mine, render
from nlp.ngrams import build_mined, text_ngrams
from nlp.rulefile import load_ruleset, validate_mined_file


def ex(text: str, kind: str, reason: str | None = None) -> Example:
    return Example(text, text, None, kind, reason, None)


CORPUS = [
    (
        "a",
        [
            ex("娃掉塘里了", "emergency", "incident"),
            ex("有人掉塘里", "emergency", "incident"),
            ex("今天天气好", "none"),
            ex("塘边钓鱼", "none"),
        ],
    ),
    (
        "b",
        [
            ex("孩子掉塘了", "emergency", "incident"),
            ex("谢谢大家", "none"),
            ex("天气真好", "none"),
            ex("鱼塘承包", "grievance"),
        ],
    ),
]


def test_text_ngrams_skip_punctuation_and_latin():
    assert text_ngrams("掉塘,ab里") == {"掉塘"}
    assert text_ngrams("掉塘里") == {"掉塘", "塘里", "掉塘里"}


def test_miner_ranks_the_ngram_of_the_label_first():
    kept = mine(CORPUS, Options(targets=("emergency",), min_count=2, min_splits=2, min_z=0.5))
    grams = [m.gram for m in kept]
    assert grams[0] == "掉塘"
    assert "塘" not in "".join(g for g in grams if g in ("天气", "钓鱼"))  # none-only grams absent
    assert all(m.weight > 0 for m in kept)


def test_miner_needs_two_files():
    kept = mine(CORPUS, Options(targets=("emergency",), min_count=2, min_splits=2, min_z=0.5))
    assert "塘里" not in {m.gram for m in kept}  # only in split "a"


def test_rendered_file_loads(tmp_path):
    options = Options(targets=("emergency",), min_count=2, min_splits=2, min_z=0.5)
    out = tmp_path / "mined.toml"
    out.write_text(render(mine(CORPUS, options), options, ["a", "b"], {}), encoding="utf-8")
    validate_mined_file(out)
    assert "GENERATED" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "table, problem",
    [
        ({"emergency": {"掉塘": 0.5}}, "no cap"),
        ({"caps": {"emergency": 1}, "emergency": {"掉 塘": 0.5}}, "2 or 3 Chinese"),
        ({"caps": {"emergency": 1}, "emergency": {"掉塘": 9}}, "between"),
        ({"caps": {"emergency": 1}, "emergency": {"掉塘": 0}}, "weight of 0"),
        ({"caps": {"none": 1}}, "not one of"),
        ({"caps": {"emergency": 1}, "emergncy": {"掉塘": 1}}, "unknown key"),
    ],
)
def test_loader_names_file_and_entry(table, problem):
    with pytest.raises(RulesError, match=problem) as info:
        validate.mined("mined.toml", table)
    assert info.value.source == "mined.toml"


def test_shipped_rules_include_the_mined_layer():
    rules = load_ruleset()
    assert rules.mined is not None and len(rules.mined) > 100


def test_mined_layer_is_capped_and_cued(classifier):
    mined = classifier.rules.mined
    assert max(mined.caps.values()) < classifier.rules.settings.thresholds["emergency"]
    a = classifier.analyse("有个娃掉塘里了 就在祠堂后面那个塘 快来人啊")
    assert a.result.kind == "emergency"
    assert any(h.group.mined for h in a.found.hits)
    # The same words in a film are not an emergency.
    assert classifier.classify("电视剧里有个娃掉塘里了 快来人啊").kind != "emergency"


def test_find_reports_each_ngram_once():
    m = build_mined("t", {"emergency": {"掉塘": 0.5, "掉塘里": 0.5}}, {"emergency": 1.0})
    assert [g for _, g, _ in m.find("掉塘里 掉塘")] == ["掉塘", "掉塘里"]
