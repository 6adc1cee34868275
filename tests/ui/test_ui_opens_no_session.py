"""ui/ calls services and the store's queries, never opens a session or a connection of its
own (issue 14 item 1): no ``store.read()``/``store.write()`` (in a ``with`` or not), no
``store.session()``, ``store.connect()``, ``store.engine``/``read_engine``, no
``sqlite3``/``crypt``/``sqlcipher3`` ``.connect()``, no ``sessionmaker``/``create_engine``/
``raw_connection`` (SQLAlchemy's ``Session`` itself is kept out by the import-linter contract:
ui/ imports no SQLAlchemy but in its composition roots). A screen or a command that needs the database calls a
function of ``counter_app.store.queries`` (reads) or of ``counter_app/services/`` (writes, one
transaction each), which take the store. Read from the source's syntax trees."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What ui/ may not touch on the store (``store``, ``ctx.store``, ``self._store``…): its sessions,
#: its connections and its engines. (``dispose()`` and ``path`` stay: the composition roots
#: open and close the profile's store.)
STORE_ATTRIBUTES = frozenset({"read", "write", "session", "connect", "engine", "read_engine",
                              "_read_sessions", "_write_sessions", "raw_connection"})
#: Modules whose ``connect()`` opens a database connection.
DRIVERS = frozenset({"sqlite3", "crypt", "sqlcipher3", "dbapi2"})
#: Names that make a session, an engine or a raw connection wherever they are called (not
#: ``Session``: ``ui.session.Session`` is the signed-in officer's working session).
MAKERS = frozenset({"sessionmaker", "create_engine", "raw_connection", "session_factory"})


def _last_name(node: ast.expr) -> str:
    return ast.unparse(node).split(".")[-1]


def _is_store(node: ast.expr) -> bool:
    return _last_name(node).lstrip("_") == "store"


def _sessions_opened(path: Path) -> int:
    """How many places of *path* open a session or a connection, or reach an engine."""
    found = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and node.attr in STORE_ATTRIBUTES and _is_store(node.value):
            found += 1  # store.read() / store.write() / store.engine / ctx.store.session() …
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "connect" and _last_name(func.value) in DRIVERS:
                found += 1  # sqlite3.connect(…) / crypt.connect(…)
            elif (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in MAKERS \
                    and not (isinstance(func, ast.Attribute) and _is_store(func.value)):  # counted above
                found += 1
    return found


def _counts() -> Counter:
    return Counter({path.relative_to(ROOT).as_posix(): n for path in sorted((ROOT / "ui").rglob("*.py"))
                    if (n := _sessions_opened(path))})


def test_ui_opens_no_session():
    assert _counts() == {}, "ui/ opens a session: call a service or a store query that takes the store"


SAMPLES = {
    "with ctx.store.read() as session:\n    pass\n": 1,
    "with self.store.write() as session:\n    pass\n": 1,
    "reading = store.read()\nwith reading as session:\n    pass\n": 1,
    "session = ctx.store.session()\n": 1,
    "conn = ctx.store.connect(read_only=True)\n": 1,
    "pooled = self._store.engine.raw_connection()\n": 2,  # the engine, and a connection of it
    "rows = store.read_engine\n": 1,
    "conn = sqlite3.connect(path)\n": 1,
    "conn = crypt.connect(path, key=key)\n": 1,
    "make = sessionmaker(engine)\n": 1,
    "e = sqlalchemy.create_engine(url)\n": 1,
    # what ui/ does and may keep doing:
    "button.clicked.connect(self.save)\n": 0,
    "self._store.dispose()\n": 0,
    "wal = ctx.store.path.with_name('x')\n": 0,
    "data = sys.stdin.read()\n": 0,
    "self.engine = engine\nself.engine.run_once()\n": 0,
    "months = pii_purge.retention(ctx.store)\n": 0,
    "Session(app, ctx, agency_name)\n": 0,
}


def test_the_check_sees_a_session(tmp_path):
    sample = tmp_path / "sample.py"
    for source, expected in SAMPLES.items():
        sample.write_text(source)
        assert _sessions_opened(sample) == expected, source
