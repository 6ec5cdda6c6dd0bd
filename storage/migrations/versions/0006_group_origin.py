"""group.origin: whether the roster or a secretary's /绑定 created the group

Revision ID: 0006_group_origin
Revises: 0005_contested_claim
Create Date: 2026-12-03 12:30:00

A roster import deactivates the roster's groups it no longer lists, but keeps the groups a
secretary bound with /绑定. Groups that exist before this revision are taken as the roster's.
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0006_group_origin"
down_revision = "0005_contested_claim"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", AutoString(), nullable=False, server_default="roster"))


def downgrade() -> None:
    with op.batch_alter_table("group", schema=None) as batch_op:
        batch_op.drop_column("origin")
