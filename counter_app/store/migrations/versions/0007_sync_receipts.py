"""sync_receipts: the server's signed acknowledgements and countersigned audit heads

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:15:00

Issue 16 items 2 and 4: every statement the provincial server signs for this workstation (a
batch's acknowledgement, the head of the audit chain) is kept as received, append-only.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sync_receipt',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('statement', sa.Text(), nullable=False),
        sa.Column('signature', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
    )
    with op.batch_alter_table('sync_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_receipt_kind'), ['kind'], unique=False)
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER sync_receipt_no_{verb.lower()} BEFORE {verb} ON sync_receipt "
            "BEGIN SELECT RAISE(ABORT, 'sync_receipt is append-only'); END"
        )


def downgrade() -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS sync_receipt_no_{verb}")
    with op.batch_alter_table('sync_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_receipt_kind'))
    op.drop_table('sync_receipt')
