"""dossier_attachment: the scan (a PDF/A file named by its SHA-256) of each document of a dossier

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 10:00:00

One row per scan of a checklist document; the current scan of a document is its row whose
``replaced_at`` is NULL (a partial unique index keeps one). The file itself lives in
``<profile>/documents/ab/cdef….pdf`` (counter_app.store.document_files); ``uploaded_at`` is set
when the provincial server has the whole file and answered with the hash it verified.
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_attachment",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("dossier_id", sa.String(36), sa.ForeignKey("dossier.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document_position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("officer_id", sa.String(36), nullable=True),
        sa.Column("replaced_at", sa.DateTime(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_dossier_attachment_dossier_id", "dossier_attachment", ["dossier_id"])
    op.create_index("ix_dossier_attachment_upload", "dossier_attachment", ["uploaded_at"])
    op.create_index("ux_attachment_current", "dossier_attachment", ["dossier_id", "document_position"],
                    unique=True, sqlite_where=sa.text("replaced_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ux_attachment_current", table_name="dossier_attachment")
    op.drop_index("ix_dossier_attachment_upload", table_name="dossier_attachment")
    op.drop_index("ix_dossier_attachment_dossier_id", table_name="dossier_attachment")
    op.drop_table("dossier_attachment")
