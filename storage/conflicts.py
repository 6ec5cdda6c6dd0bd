"""INSERT … ON CONFLICT DO NOTHING on both backends: a row whose key is taken is skipped, in one statement.

Atomic without a read-then-write race, and one round trip instead of a look-up and an insert.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session, SQLModel


def insert_new(session: Session, model: type[SQLModel], key: Sequence[str]) -> Insert:
    """An INSERT into `model` that leaves out rows whose `key` columns match a row already there."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return insert(model).on_conflict_do_nothing(index_elements=list(key))
