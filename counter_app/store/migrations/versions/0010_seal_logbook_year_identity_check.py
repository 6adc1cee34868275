"""the dossier row's seal covers logbook_year and identity_check (added by 0009)

Revision ID: 0010
Revises: 0009

Every dossier row is sealed again over the columns of this revision: 0006 sealed the row's
columns of its day, and 0009 added two that a direct edit could otherwise change unseen.
"""

from alembic import op

from counter_app.store.history_chain import seal

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BATCH = 5_000
#: The sealed columns as of this revision (frozen: a later column needs its own reseal).
SEALED_FIELDS = (
    "id", "code", "code_day", "code_seq", "agency_id", "workstation_no", "procedure_code",
    "procedure_name", "applicant_kind", "applicant_name", "applicant_name_folded", "id_kind",
    "id_number", "birth_date", "representative_name", "phone", "email", "address", "sets",
    "fee_amount", "fee_detail", "fee_paid", "channel", "result_delivery", "note", "received_at",
    "received_by", "due_at", "original_due_at", "status", "clock_stopped_at", "finished_at",
    "result_timing", "logbook_volume", "logbook_line", "updated_at", "version", "history_head",
    "history_length", "logbook_year", "identity_check",
)


def _reseal(fields: tuple[str, ...]) -> None:
    conn = op.get_bind()
    rows = conn.exec_driver_sql(f"SELECT {', '.join(fields)} FROM dossier").fetchall()
    updates = []
    for raw in rows:
        row = dict(zip(fields, raw))
        updates.append((seal(row, fields), row["id"]))
        if len(updates) >= BATCH:
            conn.exec_driver_sql("UPDATE dossier SET seal = ? WHERE id = ?", updates)
            updates = []
    if updates:
        conn.exec_driver_sql("UPDATE dossier SET seal = ? WHERE id = ?", updates)


def upgrade() -> None:
    _reseal(SEALED_FIELDS)


def downgrade() -> None:
    _reseal(SEALED_FIELDS[:-2])  # the seal of 0006–0009
