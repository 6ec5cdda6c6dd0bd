import jieba

from nlp.segmenter import CACHE_FILE, Segmenter


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
