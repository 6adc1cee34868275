"""the history's digests and ids stored as bytes, a dossier's documents kept by their key

Revision ID: 0014
Revises: 0013

A profile spent about 3.7 kB a dossier; a third of it was hex text and a key nothing used:

* Each event carried ``hash`` and ``prev_hash`` as 64 hex characters, each dossier row its
  ``history_head`` and ``seal``: they become BLOBs of 32 bytes (``models.Digest``, which still
  gives and takes hex). An event's ``id`` (a UUIDv7, 36 characters in the table and again in
  its unique index) becomes its 16 bytes (``models.CompactId``, which still gives and takes the
  text; an id that is not a UUID's canonical text, a department's event, stays text); so does
  the officer's id on each event.
  counter_app.store.history_chain hashes the text forms as before, so no hash, head or seal
  changes, and a profile checks clean after the conversion exactly as before it.
* ``ix_dossier_logbook_line`` (workstation, volume, line) goes: it served the next line's
  query by volume (0003); since yearly books (0009) that query uses the year's index, and no
  query uses this one (EXPLAIN QUERY PLAN of every statement of the ledger, logbook, lookup,
  search, outbox, history and code tests).
* ``dossier_document`` is kept in the order of its key, (dossier, position), as a ``WITHOUT
  ROWID`` table: its index on ``dossier_id`` (150 bytes a dossier) and its ``id`` (used by no
  query) go.

How, keeping every row: the dossier rows are converted in place, column by column (rename,
add, convert, drop: SQLite's ``DROP COLUMN`` rewrites the rows where they are, so they keep
their rowids, which the name index ``dossier_fts`` points at, and the table keeps its
triggers). The history and the documents are copied into new tables in their key's order
(``seq`` kept), a chunk at a time, each chunk deleted from the old table once copied (so the
database file grows by about a chunk, not by a second copy of the history), then swapped in; the
history's append-only triggers are made again as 0006 and 0011 made them. A digest that is not hex (only in a file edited by hand; ``check`` names it)
is kept as the text it is; a duplicated (dossier, position), which the application never
writes, stops the upgrade (nothing is changed then). The space freed stays inside the file for
the rows to come (a VACUUM would give it back to the disk; none is run here: it needs the
file's size again in free space and minutes at a million dossiers, and it may renumber the
dossiers' rowids, which the name index points at). The whole upgrade is one transaction: until
it commits, the pages it writes sit in the ``-wal`` file, about the history's size again (and
the ``before-migration`` backup the store makes first is a copy of the file), so the upgrade
needs about twice the file's size free; on a full disk it rolls back and the start says so.

Downgrade: the same way back (hex text, ids as text, documents in a rowid table with new ids
and their index, the logbook's volume index).
"""

import sqlalchemy as sa
from alembic import op

from counter_app.store.history_chain import id_bytes, id_text

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# As migrations 0006 and 0011 made them (the history may be redacted once, nothing else).
_UNCHANGED = ("seq", "id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
              "to_status", "origin", "prev_hash", "hash")
NO_UPDATE = (
    "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
    "WHEN NOT (OLD.redacted_hash IS NULL AND NEW.redacted_hash IS NOT NULL AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _UNCHANGED) + ") "
    "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only (an erasure may only redact it once)'); END"
)
NO_DELETE = ("CREATE TRIGGER dossier_event_no_delete BEFORE DELETE ON dossier_event "
             "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only'); END")

# The stored form of an old value: hex text → its bytes (text that is not hex stays as it is)…
_TO_BYTES = "CASE WHEN typeof({old}) = 'text' THEN coalesce(unhex({old}), {old}) ELSE {old} END"
# …and back.
_TO_HEX = "CASE WHEN typeof({old}) = 'blob' THEN lower(hex({old})) ELSE {old} END"

_EVENT_COLUMNS = ("seq", "id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
                  "to_status", "data", "origin", "prev_hash", "hash", "redacted_hash")
_DIGESTS = ("prev_hash", "hash", "redacted_hash")
_DOCUMENT_COLUMNS = "dossier_id, position, name, form, count, handed_in"
_CHUNK = 20_000  # rows moved at a time (_move_rows)


def _events(id_type: sa.types.TypeEngine, digest_type: sa.types.TypeEngine) -> tuple:
    return (
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', id_type, nullable=False),
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('officer_id', id_type, nullable=True),
        sa.Column('officer_name', sa.String(length=100), nullable=True),
        sa.Column('from_status', sa.Integer(), nullable=True),
        sa.Column('to_status', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('origin', sa.String(length=10), nullable=False),
        *(sa.Column(c, digest_type, nullable=True) for c in _DIGESTS),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('id'),
    )


def _documents() -> tuple:
    return (
        sa.Column('dossier_id', sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('name', sa.String(length=500), nullable=False),
        sa.Column('form', sa.String(length=20), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('handed_in', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
    )


def _convert_dossier(new_type: sa.types.TypeEngine, expression: str) -> None:
    columns = ("history_head", "seal")
    for column in columns:
        op.execute(f"ALTER TABLE dossier RENAME COLUMN {column} TO {column}_old")
        op.add_column('dossier', sa.Column(column, new_type, nullable=True))
    op.execute("UPDATE dossier SET " + ", ".join(f"{c} = " + expression.format(old=f"{c}_old") for c in columns))
    for column in columns:  # ALTER TABLE … DROP COLUMN: a batch copy would change the rowids
        op.execute(f"ALTER TABLE dossier DROP COLUMN {column}_old")


def _move_rows(table: str, new: str, columns: str, values: str, key: str) -> None:
    """Move every row of *table* into *new*, a chunk at a time in the order of *key*, each chunk
    deleted from *table* once copied: the pages it frees take the next chunks, so the file
    grows by about a chunk rather than by the whole table (all in the migration's transaction,
    whose pages wait in the WAL until it commits)."""
    bind = op.get_bind()
    while True:
        last = bind.execute(sa.text(
            f"SELECT max({key}) FROM (SELECT {key} FROM {table} ORDER BY {key} LIMIT {_CHUNK})")).scalar()
        if last is None:
            return
        bind.execute(sa.text(f"INSERT INTO {new} ({columns}) SELECT {values} FROM {table} WHERE {key} <= :last "
                             f"ORDER BY {key}"), {"last": last})
        bind.execute(sa.text(f"DELETE FROM {table} WHERE {key} <= :last"), {"last": last})


def _copy_events(id_type: sa.types.TypeEngine, digest_type: sa.types.TypeEngine, id_function: str,
                 expression: str) -> None:
    op.get_bind().connection.driver_connection.create_function(
        "counter_event_id", 1, id_bytes if id_function == "bytes" else id_text, deterministic=True)
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS dossier_event_no_{verb}")
    op.create_table('dossier_event_new', *_events(id_type, digest_type))
    values = [f"counter_event_id({c})" if c in ("id", "officer_id") else expression.format(old=c) if c in _DIGESTS
              else c for c in _EVENT_COLUMNS]
    _move_rows("dossier_event", "dossier_event_new", ", ".join(_EVENT_COLUMNS), ", ".join(values), "seq")
    op.drop_table('dossier_event')  # its index with it; no table refers to it
    op.rename_table('dossier_event_new', 'dossier_event')
    op.create_index('ix_dossier_event_dossier_id', 'dossier_event', ['dossier_id'], unique=False)
    op.execute(NO_UPDATE)
    op.execute(NO_DELETE)


def _move_documents(key: str, *table_args, **kw) -> None:
    op.create_table('dossier_document_new', *table_args, **kw)
    _move_rows("dossier_document", "dossier_document_new", _DOCUMENT_COLUMNS, _DOCUMENT_COLUMNS, key)
    op.drop_table('dossier_document')  # its index with it; no table refers to it
    op.rename_table('dossier_document_new', 'dossier_document')


def upgrade() -> None:
    op.drop_index('ix_dossier_logbook_line', table_name='dossier')
    _convert_dossier(sa.LargeBinary(length=32), _TO_BYTES)
    _copy_events(sa.LargeBinary(), sa.LargeBinary(length=32), "bytes", _TO_BYTES)
    _move_documents("id", *_documents(), sa.PrimaryKeyConstraint('dossier_id', 'position'), sqlite_with_rowid=False)


def downgrade() -> None:
    _convert_dossier(sa.String(length=64), _TO_HEX)
    _copy_events(sa.String(length=36), sa.String(length=64), "text", _TO_HEX)
    _move_documents("dossier_id", sa.Column('id', sa.Integer(), nullable=False), *_documents(),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_dossier_document_dossier_id', 'dossier_document', ['dossier_id'], unique=False)
    op.create_index('ix_dossier_logbook_line', 'dossier', ['workstation_no', 'logbook_volume', 'logbook_line'])
