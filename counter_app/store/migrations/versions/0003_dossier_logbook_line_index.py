"""index the logbook line per workstation and volume

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 06:00:00

Receiving a dossier asks for the next line of the workstation's logbook volume
(``max(logbook_line) WHERE workstation_no = ? AND logbook_volume = ?``); without this index
that is a scan of the whole table, about a second per saved dossier at a million dossiers.
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_dossier_logbook_line "
               "ON dossier (workstation_no, logbook_volume, logbook_line)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_dossier_logbook_line")
