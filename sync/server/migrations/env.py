"""Alembic environment of the provincial server: runs on the connection `schema.upgrade` hands it."""

from __future__ import annotations

from alembic import context

from sync.server.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes["connection"]  # already in a transaction, holding the migration lock
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
