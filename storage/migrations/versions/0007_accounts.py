"""Several WeChat accounts (inboxmessage.account, outboxmessage.account) and the township tier
(organisation.kind, organisation.parent_id)

Revision ID: 0007_accounts
Revises: 0006_group_origin
Create Date: 2026-12-03 13:00:00

Messages stored before this revision came through the one account there was ("default").
Organisations before it are villages; the next roster import adds their township's row.
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0007_accounts"
down_revision = "0006_group_origin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", AutoString(), nullable=False, server_default="default"))
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", AutoString(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outboxmessage_account"), ["account"], unique=False)
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", AutoString(), nullable=False, server_default="village"))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_organisation_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key("fk_organisation_parent_id", "organisation", ["parent_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint("fk_organisation_parent_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_organisation_parent_id"))
        batch_op.drop_column("parent_id")
        batch_op.drop_column("kind")
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outboxmessage_account"))
        batch_op.drop_column("account")
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.drop_column("account")
