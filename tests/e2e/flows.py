"""What an officer does, as steps of real keys, shared by the X suite's tests."""

from __future__ import annotations

from counter_app.store import crypt

from tests.e2e.conftest import RunningApp

RECEIVE = "window.receive_page"
CARD = "window.built_page('card')"


def code_with_status(profile, status: int) -> str:
    """A dossier code of the demo profile in *status* (national status number)."""
    with crypt.connect(profile / "counter.sqlite3") as db:
        row = db.execute("SELECT code FROM dossier WHERE status = ? ORDER BY code LIMIT 1", (status,)).fetchone()
    assert row, f"the demo profile has no dossier in status {status}"
    return row[0]


def center(app: RunningApp, widget_expr: str, rect: str = "w.rect()") -> tuple[int, int]:
    """The screen position of the centre of *widget_expr* (for a click), or of *rect* in it (an
    expression of ``w``, the widget): its place in its window from Qt, the window's place on the
    screen from the X server (Qt learns that a window manager moved a new dialog a moment later,
    and a click on Qt's idea of it misses)."""
    (x, y), win_id = app.eval(f"(lambda w: (w.mapTo(w.window(), ({rect}).center()).toTuple(), "
                              f"int(w.window().winId())))({widget_expr})")
    left, top = app.x.window_origin(win_id)
    return left + x, top + y


def receive_keyboard_only(app: RunningApp, *, delay_ms: int = 60) -> None:
    """Receive one birth registration (1.001193) from the procedure search to Ctrl+Enter,
    keys only: the search, Enter, Tab to the applicant, the fields, Ctrl+Enter."""
    keys = app.keys
    app.wait(f"focus is {RECEIVE}.picker.search")
    keys.type("1193", delay_ms=delay_ms)
    app.wait(f"{RECEIVE}.picker.matches.count() >= 1 and '1.001193' in {RECEIVE}.picker.matches.item(0).text()")
    keys.key("Return")                          # pick it: the cursor moves to the checklist
    app.wait(f"focus is {RECEIVE}.checklist")
    keys.key("Tab")                             # to the applicant's first field
    app.wait(f"focus is {RECEIVE}.form.kind")
    keys.key("Tab", "Tab")                      # kind of applicant, kind of paper: defaults kept
    for field, text in (("applicant_name", "Trần Thị Bích"), ("id_number", "001190012345"),
                        ("birth_date", "02/09/1990"), ("phone", "0912345678")):
        app.wait(f"focus is {RECEIVE}.form.edits[{field!r}]")
        keys.type(text, delay_ms=delay_ms)
        keys.key("Tab")
    app.wait(f"focus is {RECEIVE}.form.edits['email']")
    keys.key("Tab")                             # no e-mail
    app.wait(f"focus is {RECEIVE}.form.edits['address']")
    keys.type("Số 5 Lê Lợi, phường Hải Châu", delay_ms=delay_ms)
    keys.key("ctrl+Return")                     # save and print
    app.wait(f"{RECEIVE}.last_outcome is not None", timeout_ms=30000)
