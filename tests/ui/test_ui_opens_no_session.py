"""ui/ is to call services and the store's queries, never open a session of its own. Where it
still does (``with <…>store.read()/write() as session`` around a store or service function
that takes the session), each file's count is listed here and may only go down: a new session
opened in ui/ fails, and a file that drops one is told to lower its entry. Read from the
source's syntax trees."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The sessions ui/ still opens, by file (issue 14 item 1: to be routed through services and
#: store queries that take the store; counter_app.store.queries is where such reads go).
STILL_OPENED = {
    "ui/card/scan_dialog.py": 1,
    "ui/card/view.py": 1,
    "ui/card/wiring.py": 1,
    "ui/cli/action_commands.py": 1,
    "ui/cli/admin_commands.py": 2,
    "ui/cli/core_commands.py": 2,
    "ui/cli/document_commands.py": 1,
    "ui/cli/pii_commands.py": 2,
    "ui/cli/slip_commands.py": 2,
    "ui/logbook/export.py": 2,
    "ui/receive/slip_actions.py": 1,
    "ui/settings_dialog.py": 1,
    "ui/sign_in.py": 1,
    "ui/wizard.py": 2,
}


def _sessions_opened(path: Path) -> int:
    found = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                        and call.func.attr in ("read", "write") \
                        and ast.unparse(call.func.value).split(".")[-1] == "store":
                    found += 1
    return found


def _counts() -> Counter:
    return Counter({path.relative_to(ROOT).as_posix(): n for path in sorted((ROOT / "ui").rglob("*.py"))
                    if (n := _sessions_opened(path))})


def test_ui_opens_no_new_session():
    grown = {f: n for f, n in _counts().items() if n > STILL_OPENED.get(f, 0)}
    assert grown == {}, "ui/ opens a session: call a service or a store query that takes the store"


def test_the_list_is_lowered_as_sessions_leave_ui():
    counts = _counts()
    stale = {f: (n, counts.get(f, 0)) for f, n in STILL_OPENED.items() if counts.get(f, 0) < n}
    assert stale == {}, "lower STILL_OPENED to the counts found"


def test_the_check_sees_a_session(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(ctx):\n    with ctx.store.read() as session:\n        return session\n")
    assert _sessions_opened(sample) == 1
