"""Every connection to a profile's database is made by counter_app.store.crypt.connect (which applies
the key): no other module of the application calls a SQLite driver's connect or builds an
engine of its own. Read from the source's syntax trees, so a new raw connection fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("counter_app", "sync", "ui")
DRIVERS = {"sqlite3", "sqlcipher3", "pysqlcipher3", "apsw", "dbapi"}
#: Where a driver or an engine is allowed, and why.
ALLOWED = {
    "counter_app/store/crypt.py": "the one function that opens a database file, with the key",
    "counter_app/store/db.py": "the store's engines, whose connections crypt.connect makes (creator=)",
    "sync/server": "the provincial server's own database (PostgreSQL, or SQLite in tests), not a profile",
    "counter_app/store/migrations/env.py": "Alembic's env: given the store's engine; its create_engine is for Alembic's CLI",
}


def _allowed(rel: str) -> bool:
    return any(rel == key or rel.startswith(key + "/") for key in ALLOWED)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in DRIVERS - {"dbapi"}:
            if node.module.split(".")[0] != "sqlite3" or any(a.name == "connect" for a in node.names):
                found.append(f"{path.name}:{node.lineno} from {node.module} import …")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in {"sqlcipher3", "pysqlcipher3", "apsw"}:
                    found.append(f"{path.name}:{node.lineno} import {alias.name}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "connect" and isinstance(func.value, ast.Name) \
                    and func.value.id in DRIVERS:
                found.append(f"{path.name}:{node.lineno} {func.value.id}.connect(…)")
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in {"create_engine", "create_async_engine"}:
                found.append(f"{path.name}:{node.lineno} {name}(…)")
    return found


def test_no_module_opens_a_database_but_through_crypt_connect():
    offences = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not _allowed(rel):
                offences += _offences(path)
    assert offences == []


def test_the_check_sees_a_raw_connection(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlite3\nfrom sqlalchemy import create_engine\n"
                      "c = sqlite3.connect('counter.sqlite3')\ne = create_engine('sqlite:///x')\n"
                      "import sqlcipher3\n")
    assert len(_offences(sample)) == 3


def test_the_store_engines_connect_through_crypt(store):
    """Structural: the pooled connections are the sqlcipher3 driver's, with the key applied."""
    from counter_app.store import crypt

    with store.engine.connect() as conn:
        assert isinstance(conn.connection.driver_connection, crypt.Connection)
    with store.read_engine.connect() as conn:
        assert isinstance(conn.connection.driver_connection, crypt.Connection)
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
