"""The answer the classifier gives for one message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nlp.vocab import Kind, Reason, Urgency


@dataclass(frozen=True, slots=True)
class Classification:
    """What a message is, and the words that made it so."""

    kind: Kind
    must_visit: Reason | None
    category: str | None
    urgency: Urgency
    keywords: tuple[str, ...]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the `python -m nlp classify` contract."""
        return {
            "kind": self.kind,
            "must_visit": self.must_visit,
            "category": self.category,
            "urgency": self.urgency,
            "keywords": list(self.keywords),
            "confidence": self.confidence,
        }
