"""identity claims note the contact a claimed person was already bound to

Revision ID: h1_contested_claim
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "h1_contested_claim"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("identityclaim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contested_wechat_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identityclaim", schema=None) as batch_op:
        batch_op.drop_column("contested_wechat_id")
