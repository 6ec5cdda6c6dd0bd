"""Indexes for the figures of a county's ledger: records by organisation and creation time, visits
by household and day

Revision ID: 0009_figure_indexes
Revises: 0008_open_indexes
Create Date: 2026-12-04 03:20:00

`/统计` and the console count a township's month (about 1,500 of a million records) in the
database; with `ix_record_org_id` alone each organisation's whole history was read to find the
month's, and each of those records' row for its status and times; and each household's visits of
every year to find the month's.
"""

from alembic import op

revision = "0009_figure_indexes"
down_revision = "0008_open_indexes"
branch_labels = None
depends_on = None


# Every column the figures read after the two they search by: SQLite and PostgreSQL count from the
# index alone, without a table row per record.
COUNTED = ["org_id", "created_at", "kind", "status", "responded_at", "resolved_at", "closed_at", "rating"]


def upgrade() -> None:
    op.create_index("ix_record_org_created", "record", COUNTED, unique=False)
    op.create_index("ix_visit_household_day", "visit", ["household_id", "visited_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_visit_household_day", table_name="visit")
    op.drop_index("ix_record_org_created", table_name="record")
