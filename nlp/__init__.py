"""Reads a group message and says what it is: grievance, visit, emergency or none.

jieba segmentation plus keyword rules that a secretary can read and edit (`nlp/data/rules`).
Every answer lists the words that fired, and `python -m nlp explain TEXT` shows the trace.
"""

from nlp.classifier import Classifier, classify, default_classifier, load_rules, segment
from nlp.errors import RulesError
from nlp.result import Classification
from nlp.ruleset import RuleSet

__all__ = [
    "Classification",
    "Classifier",
    "RuleSet",
    "RulesError",
    "classify",
    "default_classifier",
    "load_rules",
    "segment",
]
