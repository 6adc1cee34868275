"""personal data duties: the access log, and events that a recorded erasure may redact

Revision ID: 0011
Revises: 0010

* ``pii_access``: one row per view, print, export or erasure of a dossier's personal data
  (counter_app.store.pii_access); append-only (triggers refuse UPDATE and DELETE).
* ``dossier_event.redacted_hash``: set once, when the retention erasure (counter_app.services.pii_purge)
  removes personal data from an event; the event keeps its ``hash`` and ``prev_hash`` (the chain
  and the province's countersigned heads stay as they were) and ``redacted_hash`` is the hash
  of what is left, attested by the chained ``pii_erased`` event (counter_app.store.history_chain).
* The history's UPDATE trigger lets exactly that one change through, nothing else.
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_UNCHANGED = ("seq", "id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
              "to_status", "origin", "prev_hash", "hash")
REDACTION_ONLY = (
    "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
    "WHEN NOT (OLD.redacted_hash IS NULL AND NEW.redacted_hash IS NOT NULL AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _UNCHANGED) + ") "
    "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only (an erasure may only redact it once)'); END"
)
APPEND_ONLY = ("CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
               "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only'); END")


def upgrade() -> None:
    op.create_table(
        'pii_access',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('officer_id', sa.String(length=36), nullable=True),
        sa.Column('officer_name', sa.String(length=100), nullable=True),
        sa.Column('workstation_no', sa.Integer(), nullable=True),
        sa.Column('dossier_id', sa.String(length=36), nullable=True),
        sa.Column('dossier_code', sa.String(length=40), nullable=True),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('form', sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('id'),
    )
    op.create_index('ix_pii_access_dossier', 'pii_access', ['dossier_id', 'seq'])
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER pii_access_no_{verb.lower()} BEFORE {verb} ON pii_access "
                   "BEGIN SELECT RAISE(ABORT, 'pii_access is append-only'); END")
    op.add_column('dossier_event', sa.Column('redacted_hash', sa.String(length=64), nullable=True))
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    op.execute(REDACTION_ONLY)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    # ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy of the table would drop its other
    # triggers with it (the history's no-delete guard of 0006).
    op.drop_column('dossier_event', 'redacted_hash')
    op.execute(APPEND_ONLY)
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS pii_access_no_{verb}")
    op.drop_index('ix_pii_access_dossier', table_name='pii_access')
    op.drop_table('pii_access')
