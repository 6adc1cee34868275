"""full-text index of applicant names (folded), kept in sync by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 09:00:00

The index holds ``dossier.applicant_name_folded`` (text.fold: lower case, no diacritics, đ→d)
as an external-content FTS5 table keyed by the dossier's rowid; triggers keep it in sync with
every INSERT (including bulk Core inserts), name change and DELETE on ``dossier``.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS dossier_fts USING fts5("
        "applicant_name_folded, content='dossier', content_rowid='rowid', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS dossier_fts_insert AFTER INSERT ON dossier BEGIN "
        "INSERT INTO dossier_fts(rowid, applicant_name_folded) VALUES (new.rowid, new.applicant_name_folded); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS dossier_fts_delete AFTER DELETE ON dossier BEGIN "
        "INSERT INTO dossier_fts(dossier_fts, rowid, applicant_name_folded) "
        "VALUES ('delete', old.rowid, old.applicant_name_folded); END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS dossier_fts_update AFTER UPDATE OF applicant_name_folded ON dossier BEGIN "
        "INSERT INTO dossier_fts(dossier_fts, rowid, applicant_name_folded) "
        "VALUES ('delete', old.rowid, old.applicant_name_folded); "
        "INSERT INTO dossier_fts(rowid, applicant_name_folded) VALUES (new.rowid, new.applicant_name_folded); END"
    )
    op.execute("INSERT INTO dossier_fts(dossier_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("dossier_fts_insert", "dossier_fts_delete", "dossier_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS dossier_fts")
