"""reference_state: a token that changes with every write to the reference tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 06:40:00

Receiving and scanning read the agency, the settings, the procedures and the calendar
overrides, which change rarely; :mod:`counter_app.store.refcache` keeps them in memory and reads
this one-row table to know whether its copy is still the database's. Triggers give the row
a new random token in the same transaction as any insert, update or delete of ``setting``,
``agency``, ``procedure``, ``procedure_document`` or ``calendar_override``, whoever writes
(the services, another process such as the command line, plain SQL), so a cached copy can
never outlive the rows it was read from. A random token rather than a counter: a restored
backup with the same count but other rows still gets a token no cache holds.
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ("setting", "agency", "procedure", "procedure_document", "calendar_override")
OPERATIONS = ("insert", "update", "delete")
NEW_TOKEN = "lower(hex(randomblob(8)))"


def upgrade() -> None:
    op.execute("CREATE TABLE IF NOT EXISTS reference_state (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL)")
    op.execute(f"INSERT OR IGNORE INTO reference_state (id, token) VALUES (1, {NEW_TOKEN})")
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS reference_state_{table}_{operation} AFTER {operation.upper()} ON {table} "
                f"BEGIN UPDATE reference_state SET token = {NEW_TOKEN} WHERE id = 1; END"
            )


def downgrade() -> None:
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS reference_state_{table}_{operation}")
    op.execute("DROP TABLE IF EXISTS reference_state")
