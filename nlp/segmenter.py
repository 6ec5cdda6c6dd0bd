"""jieba segmentation with the domain dictionary, in a tokenizer of its own.

The global `jieba` tokenizer belongs to whoever imports jieba; this one is private, lazily
initialised on first use (the prefix dictionary takes a moment to load) and cached outside the
repository.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba

from nlp.cache import cache_dir

DOMAIN_DICT = Path(__file__).parent / "data" / "lianhu.dict"
CACHE_FILE = "lianhu-nlp-jieba.cache"
# jieba's own frequency for 路灯 or 不亮 is a few hundred, so in 这边路灯不亮 it prefers
# 边路/灯不亮. Rule words get at least this frequency (about that of a common word such as
# 这边 or 谢谢): enough to win their boundaries, too little to swallow ordinary compounds.
RULE_WORD_FREQ = 3000


class Tokenizer(jieba.Tokenizer):
    """jieba's tokenizer with its two inner loops (the word graph and the best route through
    it) written for speed: the same words and the same route as jieba's own (the tests compare
    them on every labelled message), at about two thirds of the cost, since segmentation is
    most of the classifier's time. Each dictionary word's log-probability is computed once,
    not at every occurrence (and forgotten when a word is added)."""

    def __init__(self) -> None:
        super().__init__()
        self._cost: dict[str, float] = {}  # word -> log(frequency) - log(total)

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._cost.clear()  # the total and the word's frequency changed

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
        freq = self.FREQ
        dag = {}
        n = len(sentence)
        for k in range(n):
            ends = []
            i = k
            frag = sentence[k]
            while i < n and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k : i + 1]
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:  # noqa: N803
        cost, freq, total = self._cost, self.FREQ, math.log(self.total)
        route[len(sentence)] = (0, 0)
        for idx in range(len(sentence) - 1, -1, -1):
            best: tuple[float, int] | None = None
            for x in DAG[idx]:
                word = sentence[idx : x + 1]
                weight = cost.get(word)
                if weight is None:
                    weight = cost[word] = math.log(freq.get(word) or 1) - total
                candidate = (weight + route[x + 1][0], x)
                if best is None or candidate > best:
                    best = candidate
            route[idx] = best  # type: ignore[assignment]


class Segmenter:
    """Cuts text into words, keeping the domain dictionary and the rule words whole."""

    def __init__(self, words: Iterable[str] = (), dictionary: Path = DOMAIN_DICT) -> None:
        self._words = tuple(words)
        self._dictionary = dictionary
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    def cut(self, text: str) -> list[str]:
        """The words of `text`, in order.

        HMM new-word discovery is off: every rule word is in the dictionary, so guessing at
        unknown words can only glue a single-character rule word to its neighbours, and it
        costs time.
        """
        return list(self.tokenizer().cut(text, HMM=False))

    def tokenizer(self) -> jieba.Tokenizer:
        """The initialised tokenizer, built on first call."""
        tokenizer = self._tokenizer
        if tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._build()
                tokenizer = self._tokenizer
        return tokenizer

    def _build(self) -> jieba.Tokenizer:
        tokenizer = Tokenizer()
        tokenizer.tmp_dir = str(cache_dir())
        tokenizer.cache_file = CACHE_FILE
        tokenizer.initialize()
        tokenizer.load_userdict(str(self._dictionary))
        for word in self._words:
            tokenizer.add_word(word, max(tokenizer.suggest_freq(word), RULE_WORD_FREQ))
        return tokenizer
