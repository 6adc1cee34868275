"""the dossier code as a dated rule: procedures served by a nationally centralised solution

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 12:00:00

* ``procedure.centralised``: the procedure is served by a nationally centralised solution, so
  from 25/01/2026 (Thông tư 04/2025/TT-VPCP) its dossiers take the second code form
  ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`` (see ``resources/codes/rules.json``). False for every
  procedure already stored: codes already printed never change, and a province marks the
  procedures in its catalogue.

Plain ADD COLUMN (no batch copy): the triggers of 0002/0004 on this table stay in place.
"""
import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('procedure', sa.Column('centralised', sa.Boolean(), nullable=False, server_default=sa.text('0')))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy of the table would drop and
    # recreate it, which the dossiers' foreign key to it refuses.
    op.drop_column('procedure', 'centralised')
