"""Alembic migrations applied programmatically (the bundle has no alembic.ini to find)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from counter_app.db import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(store: Store | None = None) -> Config:
    """An Alembic config pointing at our migrations (and at *store* when given)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if store is not None:
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{store.path}")
        cfg.attributes["engine"] = store.engine
    return cfg


def head_revision() -> str | None:
    """The newest revision shipped with this build."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(store: Store) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(store: Store) -> bool:
    """True when the database is behind this build's schema."""
    return current_revision(store) != head_revision()


def upgrade(store: Store) -> None:
    """Upgrade the database to the head revision."""
    command.upgrade(alembic_config(store), "head")
