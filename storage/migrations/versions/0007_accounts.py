"""inboxmessage.account and outboxmessage.account: several WeChat accounts in one deployment

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-03 13:00:00

Messages stored before this revision came through the one account there was ("default").
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", AutoString(), nullable=False, server_default="default"))
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", AutoString(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outboxmessage_account"), ["account"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outboxmessage_account"))
        batch_op.drop_column("account")
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.drop_column("account")
