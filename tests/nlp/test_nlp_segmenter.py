import jieba

from nlp.corpus import read_corpus
from nlp.segmenter import CACHE_FILE, Segmenter
from tests.nlp.helpers import DATA


def test_domain_words_stay_whole(classifier):
    assert "联系户" in classifier.segment("我的联系户想申请低保")
    assert "低保" in classifier.segment("我的联系户想申请低保")
    assert "化粪池" in classifier.segment("化粪池满了往外冒")
    assert "一氧化碳" in classifier.segment("屋里一氧化碳浓度高")


def test_rule_words_win_their_boundaries(classifier):
    # jieba alone cuts this as 这 / 边路 / 灯不亮
    words = classifier.segment("我们这边路灯不亮一个多星期了")
    assert "路灯" in words and "不亮" in words


def test_segmenter_uses_its_own_tokenizer_and_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LIANHU_NLP_CACHE_DIR", str(tmp_path))
    segmenter = Segmenter(words=["联户助手测试词"])
    assert "联户助手测试词" in segmenter.cut("这是联户助手测试词啊")
    assert segmenter.tokenizer() is not jieba.dt
    assert not jieba.dt.FREQ.get("联户助手测试词")
    assert (tmp_path / CACHE_FILE).is_file()


def test_tokenizer_is_built_once():
    segmenter = Segmenter()
    assert segmenter.tokenizer() is segmenter.tokenizer()


def _jieba_over(tokenizer: jieba.Tokenizer) -> jieba.Tokenizer:
    """jieba's own tokenizer reading the same dictionary as `tokenizer`."""
    reference = jieba.Tokenizer()
    reference.FREQ, reference.total, reference.initialized = tokenizer.FREQ, tokenizer.total, True
    return reference


def test_fast_tokenizer_cuts_every_labelled_message_as_jieba_does(classifier):
    fast = classifier._segmenter.tokenizer()
    reference = _jieba_over(fast)
    texts = [e.text for path in sorted(DATA.glob("dev*.jsonl")) for e in read_corpus(path)]
    differ = [t for t in texts if list(fast.cut(t, HMM=False)) != list(reference.cut(t, HMM=False))]
    assert len(texts) > 5000 and differ == []


def test_fast_tokenizer_forgets_its_costs_when_a_word_is_added(tmp_path, monkeypatch):
    monkeypatch.setenv("LIANHU_NLP_CACHE_DIR", str(tmp_path))
    tokenizer = Segmenter().tokenizer()
    text = "这边路灯不亮"
    assert "灯不" not in tokenizer.lcut(text, HMM=False)  # its costs are now remembered
    tokenizer.add_word("灯不", 10_000_000)
    assert "灯不" in tokenizer.lcut(text, HMM=False)
    assert tokenizer.lcut(text, HMM=False) == list(_jieba_over(tokenizer).cut(text, HMM=False))
