"""enrollment_retry: the digest of the nonce an enrollment code was spent with

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 09:25:00

A workstation whose enrollment reply was lost sends the same code and nonce again; within
the retry window the server recognises it by this digest and gives the same device a fresh
token instead of refusing the spent code.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enrollment_code') as batch:
        batch.add_column(sa.Column('nonce_hash', sa.String(64)))
    op.create_index('ix_device_agency_workstation', 'device', ['agency_id', 'workstation_no'])


def downgrade() -> None:
    op.drop_index('ix_device_agency_workstation', 'device')
    with op.batch_alter_table('enrollment_code') as batch:
        batch.drop_column('nonce_hash')
