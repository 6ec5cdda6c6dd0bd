import json
from collections import Counter

import pytest

from nlp.corpus import CorpusError, read_corpus
from nlp.vocab import KINDS, REASONS
from tests.nlp.helpers import DATA

FILES = sorted(DATA.glob("*.jsonl"))


def test_reads_examples_and_rejects_bad_labels(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "text": "收到", "kind": "none"},
        {"text": "着火了", "sender_role": "household", "kind": "emergency", "must_visit": "incident"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    first, second = read_corpus(path)
    assert (first.id, first.kind, first.sender_role) == ("a", "none", None)
    assert (second.kind, second.must_visit) == ("emergency", "incident")
    path.write_text('{"text": "x", "kind": "panic"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c.jsonl:1: kind='panic'"):
        read_corpus(path)


def test_the_corpus_is_large_and_the_fifth_split_is_balanced():
    total = sum(len(read_corpus(f)) for f in FILES)
    held_out = read_corpus(DATA / "dev5.jsonl")  # the old held-out split, now used for tuning
    kinds = Counter(e.kind for e in held_out)
    reasons = Counter(e.must_visit for e in held_out if e.must_visit)
    assert total >= 400 and len(held_out) >= 150
    assert all(kinds[k] >= 0.18 * len(held_out) for k in KINDS)
    assert set(reasons) == set(REASONS)


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_every_file_follows_the_labelling_guide(path):
    examples = read_corpus(path)
    assert len({e.id for e in examples}) == len(examples)
    for e in examples:
        assert (e.category is not None) == (e.kind == "grievance"), e.id
        assert e.kind != "none" or e.must_visit is None, e.id
        assert e.kind != "emergency" or e.must_visit == "incident", e.id
