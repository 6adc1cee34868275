"""the dossier history proves itself: events chained by hash, the dossier row sealed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 10:00:00

Adds ``dossier_event.prev_hash`` and ``hash`` (each dossier's events chained in the order they
were written, ``seq``) and ``dossier.history_head``, ``history_length`` and ``seal``
(counter_app.store.history_chain), and computes them for the history already stored. The events are
append-only: their triggers are dropped for the backfill and created again, unchanged, in the
same transaction. Work is streamed in batches, one dossier's history at a time, so memory
stays flat at a million dossiers.
"""
import sqlalchemy as sa
from alembic import op

from counter_app.store.history_chain import GENESIS, event_hash, seal

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


ROW_COLUMNS = tuple(c for c in SEALED_FIELDS if c not in ("history_head", "history_length"))
ROW_SQL = f"SELECT {', '.join(ROW_COLUMNS)} FROM dossier"


def _chain_and_seal(conn) -> None:
    """Chain every dossier's events in ``seq`` order and seal the dossier when its events are
    done (one dossier in memory at a time); then seal the dossiers that have no events."""
    event_updates: list[tuple] = []
    row_updates: list[tuple] = []
    current, head, length = None, GENESIS, 0

    lookup = conn.connection.dbapi_connection.cursor()  # a point read per dossier: the bare cursor

    def close(dossier_id, head, length):
        raw = lookup.execute(ROW_SQL + " WHERE id = ?", (dossier_id,)).fetchone()
        if raw is not None:  # events of a dossier that is gone: left for `check` to name
            _queue_row(row_updates, raw, head, length)

    rows = conn.exec_driver_sql(f"SELECT {', '.join(EVENT_COLUMNS)} FROM dossier_event ORDER BY dossier_id, seq")
    for raw in rows:
        event = dict(zip(EVENT_COLUMNS, raw))
        if event["dossier_id"] != current:
            if current is not None:
                close(current, head, length)
            current, head, length = event["dossier_id"], GENESIS, 0
        digest = event_hash(event, head)
        event_updates.append((head, digest, event["seq"]))
        head, length = digest, length + 1
        if len(event_updates) >= BATCH:
            _flush(conn, "UPDATE dossier_event SET prev_hash = ?, hash = ? WHERE seq = ?", event_updates)
        if len(row_updates) >= BATCH:
            _flush(conn, ROW_UPDATE, row_updates)
    if current is not None:
        close(current, head, length)
    _flush(conn, "UPDATE dossier_event SET prev_hash = ?, hash = ? WHERE seq = ?", event_updates)
    _flush(conn, ROW_UPDATE, row_updates)
    for raw in conn.exec_driver_sql(ROW_SQL + " WHERE seal IS NULL").fetchall():  # no events (few)
        _queue_row(row_updates, raw, None, 0)
    _flush(conn, ROW_UPDATE, row_updates)


ROW_UPDATE = "UPDATE dossier SET history_head = ?, history_length = ?, seal = ? WHERE id = ?"


def _queue_row(updates: list, raw, head, length) -> None:
    row = dict(zip(ROW_COLUMNS, raw))
    row["history_head"], row["history_length"] = head, length
    updates.append((head, length, seal(row, SEALED_FIELDS), row["id"]))


def _flush(conn, sql: str, updates: list) -> None:
    if updates:
        conn.exec_driver_sql(sql, list(updates))
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
    _chain_and_seal(conn)
    for sql in TRIGGERS.values():
        op.execute(sql)


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
