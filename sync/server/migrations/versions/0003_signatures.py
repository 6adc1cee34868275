"""signatures: device public keys, the server's signing key, countersigned audit heads

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 10:05:00

Issue 16 items 2 and 4. Every device enrolled before this revision is flagged
``unsigned_legacy``: it may push unsigned until it registers a key (its next sync does).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('device') as batch:
        batch.add_column(sa.Column('public_key', sa.String(64)))
        batch.add_column(sa.Column('unsigned_legacy', sa.Boolean(), nullable=False, server_default='0'))
    op.execute(sa.text("UPDATE device SET unsigned_legacy = :yes").bindparams(yes=True))
    op.create_table(
        'server_key',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('private_key', sa.Text(), nullable=False),
        sa.Column('public_key', sa.String(64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
    )
    op.create_table(
        'audit_anchor',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('device_id', sa.String(36), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(64), nullable=False),
        sa.Column('signed_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_audit_anchor_device_id', 'audit_anchor', ['device_id'])


def downgrade() -> None:
    op.drop_index('ix_audit_anchor_device_id', 'audit_anchor')
    op.drop_table('audit_anchor')
    op.drop_table('server_key')
    with op.batch_alter_table('device') as batch:
        batch.drop_column('unsigned_legacy')
        batch.drop_column('public_key')
