"""the 2025 forms: the agency's unit and level, yearly logbook lines, form numbers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:00:00

* ``agency.unit_name`` (the one-stop unit printed in the header, e.g. "Trung tâm Phục vụ hành
  chính công phường Hải Châu") and ``agency.level`` (province | commune: no district level since
  01/07/2025).
* ``dossier.logbook_year``: lines of the logbook are now numbered per year of the agency's book,
  partitioned by workstation; lines given before stay as they were (NULL year) and keep their
  printed wording.
* ``form_number``: the "Số: …" of each printed form, one series per agency, kind and year.
* ``dossier.identity_check``: how the applicant's identity was checked (CCCD QR, chip, VNeID,
  documents shown); checklist items may now be "data" (khai thác dữ liệu, not collected).
* ``calendar_override.basis``: the legal act a calendar entry rests on ("" = unconfirmed).

Plain ADD COLUMN (no batch copy): the triggers of 0002/0004 on these tables stay in place.
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('agency', sa.Column('unit_name', sa.String(length=200), nullable=True))
    op.add_column('agency', sa.Column('level', sa.String(length=10), nullable=False, server_default='commune'))
    op.add_column('dossier', sa.Column('logbook_year', sa.Integer(), nullable=True))
    op.add_column('dossier', sa.Column('identity_check', sa.String(length=12), nullable=True))
    op.add_column('calendar_override', sa.Column('basis', sa.String(length=300), nullable=False, server_default=''))
    op.execute("CREATE INDEX IF NOT EXISTS ix_dossier_logbook_year_line "
               "ON dossier (workstation_no, logbook_year, logbook_line)")
    op.create_table(
        'form_number',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('agency_id', sa.String(length=13), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('workstation_no', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=True),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('agency_id', 'kind', 'year', 'seq'),
    )
    op.create_index('ix_form_number_next', 'form_number', ['agency_id', 'kind', 'year', 'workstation_no', 'seq'])
    op.create_index('ix_form_number_dossier_id', 'form_number', ['dossier_id'])


def downgrade() -> None:
    op.drop_index('ix_form_number_dossier_id', table_name='form_number')
    op.drop_index('ix_form_number_next', table_name='form_number')
    op.drop_table('form_number')
    op.execute("DROP INDEX IF EXISTS ix_dossier_logbook_year_line")
    with op.batch_alter_table('dossier') as batch:
        batch.drop_column('logbook_year')
        batch.drop_column('identity_check')
    with op.batch_alter_table('calendar_override') as batch:
        batch.drop_column('basis')
    with op.batch_alter_table('agency') as batch:
        batch.drop_column('level')
        batch.drop_column('unit_name')
