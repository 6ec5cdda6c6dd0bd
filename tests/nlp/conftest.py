"""Fixtures for the nlp tests."""

from __future__ import annotations

import pytest

from nlp import Classifier, default_classifier


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The shipped rules; loading jieba's dictionary once per session."""
    return default_classifier()
