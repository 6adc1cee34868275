"""Alembic migrations applied programmatically (the bundle has no alembic.ini to find).

Alembic (about 140 ms of imports) is loaded only when a database must be upgraded: at every
start :func:`needs_upgrade` reads ``alembic_version`` with plain sqlite3 and compares it with
:data:`HEAD_REVISION`, which ``tests/core/test_migrate_head.py`` keeps equal to Alembic's head.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.store import crypt

if TYPE_CHECKING:  # SQLAlchemy: not for the plain reads (start_facts, stored_revisions)
    from counter_app.store.db import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: The newest revision in ``migrations/versions``; update it with every new migration (the
#: migrations folder is shipped as data files, not as a package, so the constant lives here).
HEAD_REVISION = "0014"


def alembic_config(store: Store | None = None):
    """An Alembic config pointing at our migrations (and at *store* when given)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if store is not None:
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{store.path}")
        cfg.attributes["engine"] = store.engine
    return cfg


def head_revision() -> str | None:
    """The newest revision shipped with this build, as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(store: Store) -> str | None:
    """The revision the database is at (None for an empty database), as Alembic reads it."""
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def stored_revisions(path: Path | str, *, key: bytes | None = None) -> tuple[str, ...] | None:
    """The rows of ``alembic_version`` read with plain sqlite3: () for a database without the
    table (new or empty), None when the file cannot be read that way. *key*: as
    :func:`counter_app.store.crypt.connect` (None: the key store's)."""
    path = Path(path)
    if not path.exists():
        return ()
    try:
        conn = crypt.connect(path, key=key, read_only=True)
    except crypt.Error:
        return None
    try:
        known = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
        if known is None:
            return ()
        return tuple(sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version")))
    except crypt.Error:
        return None
    finally:
        conn.close()


def needs_upgrade(store: Store) -> bool:
    """True when the database is behind this build's schema. Alembic is asked only when the
    plain read does not show :data:`HEAD_REVISION` (an empty or older database, or a constant
    left behind by a new migration: then the answer is still right, only slower)."""
    if stored_revisions(store.path) == (HEAD_REVISION,):
        return False
    return current_revision(store) != head_revision()


def upgrade(store: Store) -> None:
    """Upgrade the database to the head revision."""
    from alembic import command

    command.upgrade(alembic_config(store), "head")
