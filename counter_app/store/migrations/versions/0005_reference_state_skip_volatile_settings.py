"""reference_state: settings written as bookkeeping no longer renew the token

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 09:00:00

Migration 0004 renews the reference token on every write to ``setting``. Some keys are not
reference data but running bookkeeping written all the time: the sync engine's state
(``sync.*``: cursor, failures, last success, every round, about once a minute), the head of
the audit chain (``audit.head``, with every audit entry) and the time of the last backup
(``backup.last_at``). Each such write threw the whole reference cache away (a scan then
costs about 1.6 ms instead of 0.15 ms). The ``setting`` triggers are recreated with a WHEN
clause that skips a row whose key is one of these; nothing in the reference cache is built
from them. An UPDATE still renews the token unless both the old and the new key are skipped.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OPERATIONS = ("insert", "update", "delete")
NEW_TOKEN = "lower(hex(randomblob(8)))"
#: Exact keys that are bookkeeping; every key starting with ``sync.`` is as well.
VOLATILE_KEYS = ("audit.head", "backup.last_at")


def _volatile(row: str) -> str:
    listed = ", ".join(f"'{key}'" for key in VOLATILE_KEYS)
    return f"({row}.key GLOB 'sync.*' OR {row}.key IN ({listed}))"


def _when(operation: str) -> str:
    if operation == "insert":
        return f"NOT {_volatile('NEW')}"
    if operation == "delete":
        return f"NOT {_volatile('OLD')}"
    return f"NOT ({_volatile('OLD')} AND {_volatile('NEW')})"


def _create(operation: str, when: str | None) -> None:
    clause = f" WHEN {when}" if when else ""
    op.execute(
        f"CREATE TRIGGER reference_state_setting_{operation} AFTER {operation.upper()} ON setting{clause} "
        f"BEGIN UPDATE reference_state SET token = {NEW_TOKEN} WHERE id = 1; END"
    )


def upgrade() -> None:
    for operation in OPERATIONS:
        op.execute(f"DROP TRIGGER IF EXISTS reference_state_setting_{operation}")
        _create(operation, _when(operation))


def downgrade() -> None:
    for operation in OPERATIONS:
        op.execute(f"DROP TRIGGER IF EXISTS reference_state_setting_{operation}")
        _create(operation, None)
