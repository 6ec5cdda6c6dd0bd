"""attachments (photos, voice, files) and kind changes (/改为)

Revision ID: 0004_attachments
Revises: 0003_outbox_parts
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = "0004_attachments"
down_revision = "0003_outbox_parts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mime_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('transcript', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', storage.types.AwareDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['inboxmessage.message_id'], ),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)

    op.create_table('kindchange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('at', storage.types.AwareDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('to_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kindchange', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kindchange_record_id'), ['record_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('kindchange', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kindchange_record_id'))
    op.drop_table('kindchange')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_record_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_message_id'))
    op.drop_table('attachment')
