import pytest
from sqlmodel import select

from storage.db import session_scope
from storage.models import Township


def test_a_released_savepoint_is_undone_with_its_transaction(engine) -> None:  # type: ignore[no-untyped-def]
    """A savepoint that opened the transaction must not commit it when released (pysqlite's trap)."""
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        with session.begin_nested():
            session.add(Township(name="青山镇"))
        raise RuntimeError("the job fails after its first write")
    with session_scope(engine) as session:
        assert session.exec(select(Township)).all() == []
