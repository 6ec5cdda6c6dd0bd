"""The intake registry: handlers tried by priority, the first to claim a matter takes it."""

from __future__ import annotations

from typing import Any

import pytest

import handlers.intake  # noqa: F401  (registers the handlers)
from handlers.intake.registry import INTAKE, IntakeRegistry, Priority

# the toy handlers below look at neither
CTX: Any = object()
MATTER: Any = object()


def recording(name: str, calls: list[str], claims: bool = False) -> Any:
    def claim(ctx: Any, matter: Any) -> bool:
        calls.append(name)
        return claims

    claim.__name__ = name
    return claim


def test_handlers_are_tried_by_priority_not_by_registration_order() -> None:
    calls: list[str] = []
    registry = IntakeRegistry()
    registry.register(recording("late", calls), 60)
    registry.register(recording("early", calls), 10)
    registry.register(recording("middle", calls), 30)

    assert registry.take_in(CTX, MATTER) is False
    assert calls == ["early", "middle", "late"]


def test_the_first_handler_to_claim_takes_the_matter_and_the_rest_are_not_asked() -> None:
    calls: list[str] = []
    registry = IntakeRegistry()
    registry.handler(10)(recording("declines", calls))
    registry.handler(20)(recording("claims", calls, claims=True))
    registry.handler(30)(recording("never asked", calls, claims=True))

    assert registry.take_in(CTX, MATTER) is True
    assert calls == ["declines", "claims"]


def test_two_handlers_at_one_priority_are_refused() -> None:
    registry = IntakeRegistry()
    registry.register(recording("first", []), Priority.FOLD)
    with pytest.raises(ValueError, match="taken by first"):
        registry.register(recording("second", []), Priority.FOLD)
    assert [handler.name for handler in registry] == ["first"]


def test_the_intake_order_is_the_priority_table() -> None:
    assert [(handler.priority, handler.name) for handler in INTAKE] == [
        (Priority.RATING_REPLY, "rating_reply"),
        (Priority.EMERGENCY_FOLLOW_UP, "supplement_emergency"),
        (Priority.VISIT_REPORT, "visit_report"),
        (Priority.FOLD, "fold_burst"),
        (Priority.DUPLICATE, "link_duplicate"),
        (Priority.NEW_RECORD, "new_record"),
    ]
