"""The models and the migrations describe one schema: after ``upgrade head`` on a new
(encrypted) profile, Alembic's compare_metadata finds nothing to add, drop or change."""

from __future__ import annotations

import re

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table

from counter_app.store import crypt, migrate
from counter_app.store.db import open_store
from counter_app.store.models import Base

#: Tables of the migrations that no model can describe, and why.
NOT_MODELLED = {
    "dossier_fts": "SQLite FTS5 virtual table of applicant names (migration 0002); SQLAlchemy has no virtual tables",
}


def _fts(name: str) -> bool:
    # The virtual table and the shadow tables SQLite keeps for it (_data, _idx, _docsize, _config).
    return any(name == table or name.startswith(table + "_") for table in NOT_MODELLED)


def _include(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and _fts(name))


def _bare(default: str | None) -> str | None:
    """A default as SQLite gives it back (``('')``, ``'0'``) and as a model writes it (``''``,
    ``0``) read alike: one pair of parentheses and one pair of quotes off, empty included
    (Alembic's own comparison keeps the quotes of an empty string and reports a change)."""
    if default is None:
        return None
    default = re.sub(r"^\((.*)\)$", r"\1", default.strip())
    return re.sub(r"^'(.*)'$", r"\1", default)


def _server_default_differs(context, inspected_column, metadata_column, inspected_default, metadata_default,
                            rendered_metadata_default) -> bool:
    return _bare(inspected_default) != _bare(rendered_metadata_default)


def _rowid_alias(diff) -> bool:
    """``id INTEGER PRIMARY KEY`` written without NOT NULL (reference_state, made by plain SQL in
    migration 0004) reflects as nullable, yet it is SQLite's rowid and never NULL: not a change."""
    if not isinstance(diff, list) or len(diff) != 1 or diff[0][0] != "modify_nullable":
        return False
    _, _, table, column, _, _, _ = diff[0]
    pk = Base.metadata.tables[table].primary_key.columns
    return [c.name for c in pk] == [column] and isinstance(pk[column].type, Integer)


def _differences(store, metadata: MetaData = Base.metadata) -> list:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "compare_server_default": _server_default_differs,
            "include_object": _include,
        })
        return [d for d in compare_metadata(context, metadata) if not _rowid_alias(d)]


def test_upgrade_head_gives_the_models_schema_on_an_encrypted_profile(profile_dir):
    store = open_store(profile_dir)  # a new file: created encrypted and upgraded to head
    try:
        assert migrate.stored_revisions(store.path) == (migrate.HEAD_REVISION,)
        assert not crypt.is_plain(store.path)  # SQLCipher: no plain SQLite header
        assert _differences(store) == []
    finally:
        store.dispose()


def test_the_comparison_sees_a_model_the_migrations_lack(profile_dir):
    # The same comparison against models with one table more must report it: the test above
    # passes because the schemas agree, not because nothing is compared.
    store = open_store(profile_dir)
    try:
        extra = MetaData()
        for table in Base.metadata.tables.values():
            table.to_metadata(extra)
        Table("not_migrated", extra, Column("id", Integer, primary_key=True), Column("name", String(10)))
        diff = _differences(store, extra)
        assert [d[0] for d in diff] == ["add_table"] and diff[0][1].name == "not_migrated"
    finally:
        store.dispose()
