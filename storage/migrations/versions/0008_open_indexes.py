"""Indexes for a county's ledger: open records (by organisation, by escalation clock) and open
must-visit tasks, both partial; the columns the intake looks records up by (reporter_id, group_id,
source_message_id); the column the sweep joins tasks on (visittask.record_id)

Revision ID: 0008_open_indexes
Revises: 0007_accounts
Create Date: 2026-12-04 01:10:00

At a million records, mostly closed, reading the open ones through `ix_record_status` still meant a
row fetch for each; the partial indexes hold the open few percent only, on SQLite and PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_open_indexes"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None

OPEN_SQL = "status IN ('accepted', 'deliberated', 'in_progress', 'new', 'reopened')"
TASK_OPEN_SQL = "closed_at IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_record_open",
        "record",
        ["org_id", "created_at"],
        unique=False,
        sqlite_where=sa.text(OPEN_SQL),
        postgresql_where=sa.text(OPEN_SQL),
    )
    op.create_index(
        "ix_record_open_clock",
        "record",
        ["level", "level_since"],
        unique=False,
        sqlite_where=sa.text(OPEN_SQL),
        postgresql_where=sa.text(OPEN_SQL),
    )
    op.create_index(op.f("ix_record_reporter_id"), "record", ["reporter_id"], unique=False)
    op.create_index(op.f("ix_record_group_id"), "record", ["group_id"], unique=False)
    op.create_index(op.f("ix_record_source_message_id"), "record", ["source_message_id"], unique=False)
    op.create_index(
        "ix_visittask_open",
        "visittask",
        ["level", "opened_at"],
        unique=False,
        sqlite_where=sa.text(TASK_OPEN_SQL),
        postgresql_where=sa.text(TASK_OPEN_SQL),
    )
    op.create_index(op.f("ix_visittask_record_id"), "visittask", ["record_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_visittask_record_id"), table_name="visittask")
    op.drop_index("ix_visittask_open", table_name="visittask")
    op.drop_index(op.f("ix_record_source_message_id"), table_name="record")
    op.drop_index(op.f("ix_record_group_id"), table_name="record")
    op.drop_index(op.f("ix_record_reporter_id"), table_name="record")
    op.drop_index("ix_record_open_clock", table_name="record")
    op.drop_index("ix_record_open", table_name="record")
