"""Fixtures for the nlp tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from nlp import Classifier, default_classifier
from nlp.cache import cache_dir
from nlp.segmenter import CACHE_FILE


@pytest.fixture(scope="session", autouse=True)
def own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A cache folder for this session (subprocesses inherit it), so the parsed tables of the
    tests' scratch rules files never pile up in the user's cache; jieba's prefix-dictionary
    cache is copied in, when there is one, rather than rebuilt."""
    folder = tmp_path_factory.mktemp("nlp-cache")
    jieba_cache = cache_dir() / CACHE_FILE
    if jieba_cache.is_file():
        shutil.copy(jieba_cache, folder / CACHE_FILE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIANHU_NLP_CACHE_DIR", str(folder))
        yield


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The shipped rules; loading jieba's dictionary once per session."""
    return default_classifier()
