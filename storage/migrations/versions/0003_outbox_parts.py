"""outbox parts: a row split from a text too long for one message

Revision ID: 0003_outbox_parts
Revises: 0002_outbox_attachment
Create Date: 2026-12-03 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_outbox_parts"
down_revision = "0002_outbox_attachment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("part_of", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_outboxmessage_part_of", "outboxmessage", ["part_of"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outboxmessage_part_of", type_="foreignkey")
        batch_op.drop_column("part_of")
