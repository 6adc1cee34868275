"""the dossier history proves itself: events chained by hash, the dossier row sealed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 10:00:00

Adds ``dossier_event.prev_hash`` and ``hash`` (each dossier's events chained in the order they
were written, ``seq``) and ``dossier.history_head``, ``history_length`` and ``seal``
(counter_app.history_chain), and computes them for the history already stored. The events are
append-only: their triggers are dropped for the backfill and created again, unchanged, in the
same transaction. Work is streamed in batches, so memory stays flat at a million dossiers.
"""
import sqlalchemy as sa
from alembic import op

from counter_app.history_chain import GENESIS, event_hash, seal

revision = '0006'
down_revision = '0005'
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
    "history_length",
)
EVENT_COLUMNS = ("seq", "id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
                 "to_status", "data", "origin")
TRIGGERS = {verb: (f"CREATE TRIGGER dossier_event_no_{verb.lower()} BEFORE {verb} ON dossier_event "
                   "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only'); END")
            for verb in ("UPDATE", "DELETE")}


def _chain(conn) -> dict[str, tuple[str, int]]:
    """Chain every event; the head and length of each dossier's history."""
    heads: dict[str, tuple[str, int]] = {}
    updates: list[tuple[str, str, int]] = []
    rows = conn.exec_driver_sql(f"SELECT {', '.join(EVENT_COLUMNS)} FROM dossier_event ORDER BY dossier_id, seq")
    for raw in rows:
        event = dict(zip(EVENT_COLUMNS, raw))
        head, length = heads.get(event["dossier_id"], (GENESIS, 0))
        digest = event_hash(event, head)
        heads[event["dossier_id"]] = (digest, length + 1)
        updates.append((head, digest, event["seq"]))
        if len(updates) >= BATCH:
            _flush_events(conn, updates)
    _flush_events(conn, updates)
    return heads


def _flush_events(conn, updates: list) -> None:
    if updates:
        conn.exec_driver_sql("UPDATE dossier_event SET prev_hash = ?, hash = ? WHERE seq = ?", list(updates))
        updates.clear()


def _seal_rows(conn, heads: dict[str, tuple[str, int]]) -> None:
    columns = [c for c in SEALED_FIELDS if c not in ("history_head", "history_length")]
    updates: list[tuple] = []
    for raw in conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM dossier"):
        row = dict(zip(columns, raw))
        head, length = heads.get(row["id"], (None, 0))
        row["history_head"], row["history_length"] = head, length
        updates.append((head, length, seal(row, SEALED_FIELDS), row["id"]))
        if len(updates) >= BATCH:
            _flush_rows(conn, updates)
    _flush_rows(conn, updates)


def _flush_rows(conn, updates: list) -> None:
    if updates:
        conn.exec_driver_sql("UPDATE dossier SET history_head = ?, history_length = ?, seal = ? WHERE id = ?",
                             list(updates))
        updates.clear()


def upgrade() -> None:
    op.add_column("dossier_event", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("dossier_event", sa.Column("hash", sa.String(64), nullable=True))
    op.add_column("dossier", sa.Column("history_head", sa.String(64), nullable=True))
    op.add_column("dossier", sa.Column("history_length", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("dossier", sa.Column("seal", sa.String(64), nullable=True))
    conn = op.get_bind()
    for verb in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS dossier_event_no_{verb.lower()}")
    heads = _chain(conn)
    for sql in TRIGGERS.values():
        op.execute(sql)
    _seal_rows(conn, heads)


def downgrade() -> None:
    for verb in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS dossier_event_no_{verb.lower()}")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("seal")
        batch.drop_column("history_length")
        batch.drop_column("history_head")
    with op.batch_alter_table("dossier_event") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
    for sql in TRIGGERS.values():
        op.execute(sql)
