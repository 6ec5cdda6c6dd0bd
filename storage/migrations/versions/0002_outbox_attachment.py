"""outbox messages may carry a file (the ledger export sent into the chat)

Revision ID: 0002_outbox_attachment
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_outbox_attachment"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage") as batch:
        batch.add_column(sa.Column("attachment_path", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch.add_column(sa.Column("attachment_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage") as batch:
        batch.drop_column("attachment_name")
        batch.drop_column("attachment_path")
