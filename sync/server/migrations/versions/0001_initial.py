"""initial: the tables the server created for itself before it had migrations

Revision ID: 0001
Revises:
Create Date: 2026-12-06 09:20:00

A database made by the old ``metadata.create_all`` holds exactly these tables and no
``alembic_version``; ``schema.upgrade`` stamps it at this revision and goes on from here.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'enrollment_code',
        sa.Column('code_hash', sa.String(64), primary_key=True),
        sa.Column('agency_id', sa.String(13), nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.Column('used_at', sa.DateTime),
        sa.Column('device_id', sa.String(36)),
    )
    op.create_table(
        'device',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('agency_id', sa.String(13), nullable=False),
        sa.Column('token_hash', sa.String(64), nullable=False, unique=True),
        sa.Column('workstation_no', sa.Integer),
        sa.Column('name', sa.String(100), nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=False),
        sa.Column('revoked_at', sa.DateTime),
    )
    op.create_index('ix_device_agency_id', 'device', ['agency_id'])
    op.create_table(
        'dossier',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('agency_id', sa.String(13), nullable=False),
        sa.Column('code', sa.String(40), nullable=False, unique=True),
        sa.Column('status', sa.Integer, nullable=False),
        sa.Column('version', sa.Integer, nullable=False),
        sa.Column('snapshot', sa.JSON, nullable=False),
        sa.Column('updated_at', sa.DateTime, nullable=False),
    )
    op.create_index('ix_dossier_agency_id', 'dossier', ['agency_id'])
    op.create_table(
        'event',
        sa.Column('seq', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('event_id', sa.String(36), nullable=False, unique=True),
        sa.Column('agency_id', sa.String(13), nullable=False),
        sa.Column('dossier_id', sa.String(36), nullable=False),
        sa.Column('device_id', sa.String(36), nullable=False),
        sa.Column('kind', sa.String(40), nullable=False),
        sa.Column('content_hash', sa.String(64), nullable=False),
        sa.Column('payload', sa.JSON, nullable=False),
        sa.Column('received_at', sa.DateTime, nullable=False),
    )
    op.create_index('ix_event_agency_id', 'event', ['agency_id'])
    op.create_index('ix_event_dossier_id', 'event', ['dossier_id'])
    op.create_table(
        'conflict',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('event_id', sa.String(36), nullable=False),
        sa.Column('agency_id', sa.String(13), nullable=False),
        sa.Column('device_id', sa.String(36), nullable=False),
        sa.Column('content_hash', sa.String(64), nullable=False),
        sa.Column('payload', sa.JSON, nullable=False),
        sa.Column('received_at', sa.DateTime, nullable=False),
    )
    op.create_index('ix_conflict_event_id', 'conflict', ['event_id'])
    op.create_table(
        'change',
        sa.Column('seq', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('agency_id', sa.String(13)),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('dossier_id', sa.String(36)),
        sa.Column('data', sa.JSON, nullable=False),
        sa.Column('note', sa.Text),
        sa.Column('created_at', sa.DateTime, nullable=False),
    )
    op.create_index('ix_change_agency_id', 'change', ['agency_id'])


def downgrade() -> None:
    for table in ('change', 'conflict', 'event', 'dossier', 'device', 'enrollment_code'):
        op.drop_table(table)
