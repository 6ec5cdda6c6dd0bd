"""County-size indexes for the sweep and the intake: open records whose escalation clock runs (with
their kind); a reporter's and a group's records by the time of their last change

Revision ID: 0010_sweep_intake_indexes
Revises: 0009_figure_indexes
Create Date: 2026-12-04 03:30:00

At a county's million records `ix_record_open_clock` held every open record (25,000); the sweep
read each to find the few dozen whose clock ran out. Most open records were answered at their
level: their clocks are stopped. `ix_record_clock_runs` holds the others (4,000), with the kind,
so the sweep's test of each clock is read from the index.

Each message asks for the open records its sender or its group touched within the fold (or the
emergency) window; by `reporter_id` or `group_id` alone that read every record a group ever had.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_sweep_intake_indexes"
down_revision = "0009_figure_indexes"
branch_labels = None
depends_on = None

OPEN_SQL = "status IN ('accepted', 'deliberated', 'in_progress', 'new', 'reopened')"
CLOCK_RUNS_SQL = f"{OPEN_SQL} AND (acknowledged_at IS NULL OR acknowledged_at < level_since OR status = 'reopened')"


def upgrade() -> None:
    op.drop_index("ix_record_reporter_id", table_name="record")
    op.drop_index("ix_record_group_id", table_name="record")
    op.create_index("ix_record_reporter_updated", "record", ["reporter_id", "updated_at"], unique=False)
    op.create_index("ix_record_group_updated", "record", ["group_id", "updated_at"], unique=False)
    op.drop_index("ix_record_open_clock", table_name="record")
    op.create_index(
        "ix_record_clock_runs",
        "record",
        ["level", "level_since", "kind"],
        unique=False,
        sqlite_where=sa.text(CLOCK_RUNS_SQL),
        postgresql_where=sa.text(CLOCK_RUNS_SQL),
    )


def downgrade() -> None:
    op.drop_index("ix_record_clock_runs", table_name="record")
    op.create_index(
        "ix_record_open_clock",
        "record",
        ["level", "level_since"],
        unique=False,
        sqlite_where=sa.text(OPEN_SQL),
        postgresql_where=sa.text(OPEN_SQL),
    )
    op.drop_index("ix_record_group_updated", table_name="record")
    op.drop_index("ix_record_reporter_updated", table_name="record")
    op.create_index("ix_record_group_id", "record", ["group_id"], unique=False)
    op.create_index("ix_record_reporter_id", "record", ["reporter_id"], unique=False)
