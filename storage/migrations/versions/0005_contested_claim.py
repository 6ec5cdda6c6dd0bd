"""identity claims note the contact a claimed person was already bound to

Revision ID: 0005_contested_claim
Revises: 0004_attachments
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_contested_claim"
down_revision = "0004_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identityclaim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contested_wechat_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identityclaim", schema=None) as batch_op:
        batch_op.drop_column("contested_wechat_id")
