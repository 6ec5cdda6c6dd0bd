from datetime import datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

from base.clock import TZ
from storage.db import make_engine, migrate
from storage.models import Lease


def test_migrate_creates_every_table_and_is_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"record", "recordevent", "inboxmessage", "outboxmessage", "sendclaim", "lease"} <= tables
    engine.dispose()


def test_datetimes_come_back_aware_in_shanghai(engine) -> None:  # type: ignore[no-untyped-def]
    utc_noon = datetime(2026, 3, 1, 4, 0, tzinfo=TZ) - timedelta(hours=0)
    with Session(engine) as session:
        session.add(Lease(name="jobs", holder="a", expires_at=utc_noon))
        session.commit()
    with Session(engine) as session:
        lease = session.get(Lease, "jobs")
        assert lease is not None
        assert lease.expires_at == utc_noon
        assert lease.expires_at.utcoffset() == timedelta(hours=8)


def test_the_migrations_build_the_schema_the_models_declare(db_url: str) -> None:
    """Every index the models name (the partial ones on open records too) is created by a migration."""
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()
