"""the history's digests stored as their 32 bytes, a dossier's documents kept by their key

Revision ID: 0014
Revises: 0013

Each event carried ``hash`` and ``prev_hash`` as 64 hex characters, each dossier row its
``history_head`` and ``seal``: about 290 bytes a dossier spent on hex. They become BLOBs of 32
bytes (``models.Digest``, which still gives and takes hex, so nothing above the store changes;
counter_app.store.history_chain hashes the hex form as before, so no hash, head or seal changes
and a profile checks clean after the conversion exactly as before it).

In place, column by column (rename, add, convert, drop: SQLite's ``DROP COLUMN`` rewrites the
rows where they are, so the dossiers keep their rowids, which the name index ``dossier_fts``
points at, and the tables keep their other triggers). A value that is not hex (only in a file
edited by hand; ``check`` names it) is kept as the text it is. The history's UPDATE guard names
the columns, so it is dropped for the conversion and made again as 0011 made it. The space the
hex took is left free inside the file for the rows to come (a VACUUM would give it back to the
disk; none is run here: it needs the file's size again in free space and minutes at a million).

``dossier_document`` is kept in the order of its key, (dossier, position), as a ``WITHOUT
ROWID`` table: its index on ``dossier_id`` (150 bytes a dossier) and its ``id`` (used by no
query) go. Copied in that order; a duplicated (dossier, position), which the application never
writes, stops the upgrade (nothing is changed then).

Downgrade: the digests back to hex text; the documents back into a rowid table with its index
(new ids, in the key's order).
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_COLUMNS = {"dossier_event": ("prev_hash", "hash", "redacted_hash"), "dossier": ("history_head", "seal")}

# As migration 0011 made it (the history may be redacted once, nothing else).
_UNCHANGED = ("seq", "id", "dossier_id", "kind", "at", "officer_id", "officer_name", "from_status",
              "to_status", "origin", "prev_hash", "hash")
REDACTION_ONLY = (
    "CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event "
    "WHEN NOT (OLD.redacted_hash IS NULL AND NEW.redacted_hash IS NOT NULL AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _UNCHANGED) + ") "
    "BEGIN SELECT RAISE(ABORT, 'dossier_event is append-only (an erasure may only redact it once)'); END"
)

# Stored form of each old value: hex text → its bytes (text that is not hex stays as it is).
_TO_BYTES = "CASE WHEN typeof({old}) = 'text' THEN coalesce(unhex({old}), {old}) ELSE {old} END"
_TO_HEX = "CASE WHEN typeof({old}) = 'blob' THEN lower(hex({old})) ELSE {old} END"


def _convert(new_type: sa.types.TypeEngine, expression: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS dossier_event_no_update")
    for table, columns in _COLUMNS.items():
        for column in columns:
            op.execute(f"ALTER TABLE {table} RENAME COLUMN {column} TO {column}_old")
            op.add_column(table, sa.Column(column, new_type, nullable=True))
        op.execute(f"UPDATE {table} SET " + ", ".join(
            f"{c} = " + expression.format(old=f"{c}_old") for c in columns))
        for column in columns:  # ALTER TABLE … DROP COLUMN: a batch copy would lose the triggers
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}_old")
    op.execute(REDACTION_ONLY)


_DOCUMENT_COLUMNS = "dossier_id, position, name, form, count, handed_in"


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


def _move_documents(*table_args, **kw) -> None:
    op.create_table('dossier_document_new', *table_args, **kw)
    op.execute(f"INSERT INTO dossier_document_new ({_DOCUMENT_COLUMNS}) SELECT {_DOCUMENT_COLUMNS} "
               "FROM dossier_document ORDER BY dossier_id, position")
    op.drop_table('dossier_document')  # its index with it; no table refers to it
    op.rename_table('dossier_document_new', 'dossier_document')


def upgrade() -> None:
    _convert(sa.LargeBinary(length=32), _TO_BYTES)
    _move_documents(*_documents(), sa.PrimaryKeyConstraint('dossier_id', 'position'), sqlite_with_rowid=False)


def downgrade() -> None:
    _convert(sa.String(length=64), _TO_HEX)
    _move_documents(sa.Column('id', sa.Integer(), nullable=False), *_documents(), sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_dossier_document_dossier_id', 'dossier_document', ['dossier_id'], unique=False)
