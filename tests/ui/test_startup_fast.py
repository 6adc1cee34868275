"""A window that paints first: only the receive page before the first paint, the others built
on first use or right after it; the start-up integrity check runs behind the window."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.services.receiving import receive
from ui.app import build_window
from ui.context import AppContext
from ui.receive import ReceiveView
from ui.tasks import TaskRunner

LAZY = ("card", "today", "logbook", "sync_rejected")


@pytest.fixture
def ctx(store, profile_dir):
    context = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo1")
    yield context
    context.tasks.wait_all()


@pytest.fixture
def window(qtbot, ctx):
    win = build_window(ctx)
    qtbot.addWidget(win)
    yield win
    if getattr(win, "sync_runner", None) is not None:
        win.sync_runner.stop()
    ctx.tasks.wait_all()


def _titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_only_the_receive_page_is_built_before_the_window_is_shown(window):
    assert isinstance(window.tabs.widget(0), ReceiveView)
    assert _titles(window) == ["Tiếp nhận hồ sơ", "Theo dõi hồ sơ", "Hôm nay", "Sổ theo dõi hồ sơ"]
    assert [window.built_page(key) for key in LAZY[:3]] == [None, None, None]
    assert not window.has_page("sync_rejected") and getattr(window, "sync_runner", None) is None  # after the paint


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice on show()
def test_every_page_is_built_after_the_first_paint_without_anyone_asking(qtbot, window):
    window.show()
    qtbot.waitUntil(lambda: window.has_page("sync_rejected") and all(window.built_page(key) is not None for key in LAZY),
                    timeout=10_000)
    assert window.sync_runner.timer.isActive() and window.sync_status.text() == "Đồng bộ: đang kiểm tra…"
    pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
    assert pages[1:] == [window.built_page(key) for key in LAZY]
    assert type(pages[1]).__name__ == "CardView" and type(pages[3]).__name__ == "LogbookView"
    assert _titles(window)[1:] == ["Theo dõi hồ sơ", "Hôm nay", "Sổ theo dõi hồ sơ", "Mục đồng bộ bị từ chối"]
    assert window.tabs.currentWidget() is pages[0]  # building did not move the officer away


def test_choosing_a_tab_builds_its_page_in_place(window):
    window.tabs.setCurrentIndex(3)
    logbook = window.built_page("logbook")
    assert logbook is not None and type(logbook).__name__ == "LogbookView"
    assert window.tabs.currentWidget() is logbook and window.tabs.indexOf(logbook) == 3
    assert window.tabs.tabText(3) == "Sổ theo dõi hồ sơ"
    assert window.built_page("card") is None  # the others wait for their turn


def test_a_scan_builds_the_card_page_and_opens_the_dossier(qtbot, window, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    assert window.built_page("card") is None
    shown: list = []
    window.page_built.connect(lambda key, page: key == "card" and page.card_shown.connect(shown.append))
    window.scan_filter.code_scanned.emit(receipt.code)
    page = window.built_page("card")
    assert page is not None and window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert shown[0].code == receipt.code


def test_a_write_on_a_page_built_after_the_logbook_refreshes_it(qtbot, window, store, make_draft):
    logbook = window.page("logbook")
    qtbot.waitUntil(lambda: logbook.count_label.text() != "", timeout=10_000)
    assert logbook.model.rowCount() == 0
    card = window.page("card")  # built after the logbook
    receive(store, make_draft(received_at=datetime(2026, 3, 11, 9, 0)), "canbo1")
    with qtbot.waitSignal(logbook.model.count_changed, timeout=10_000):
        card.action_done.emit(None)
    assert logbook.model.rowCount() == 1


def test_a_lazy_page_added_to_a_bare_window_is_built_on_request(qtbot, ctx):
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    built: list[str] = []
    win.page_built.connect(lambda key, _page: built.append(key))
    first, page = QWidget(), QWidget()
    win.add_page(first, "first")
    win.add_lazy_page("x", "X", lambda: page)
    assert win.has_page("x") and win.built_page("x") is None and win.tabs.widget(1) is not page
    assert win.page("x") is page and win.page("x") is page  # built once
    assert win.tabs.widget(1) is page and win.tabs.currentWidget() is first and built == ["x"]


# -- the integrity check behind the window ------------------------------------------------------

def _damage(store, profile_dir):
    from counter_app.store.db import DB_FILENAME

    store.dispose()
    db = profile_dir / DB_FILENAME
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset:offset + 4096] = bytes((i * 31 + 7) % 256 for i in range(4096))
    db.write_bytes(bytes(data))
    return db


def _check(qtbot, ctx, **talk):
    from ui.main_window import MainWindow
    from ui.startup import IntegrityCheck

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win, IntegrityCheck(win, ctx, **talk)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_sound_file_passes_behind_the_window_without_questions(qtbot, ctx):
    win, check = _check(qtbot, ctx, ask=lambda *a: pytest.fail("asked"), inform=lambda *a: pytest.fail("told"))
    assert win.statusBar().currentMessage() == ""
    with qtbot.waitSignal(check.passed, timeout=10_000):
        check.start()
        assert win.statusBar().currentMessage() == "Đang kiểm tra cơ sở dữ liệu…"  # the window is not held
    assert check.report.ok and win.isVisible() and win.statusBar().currentMessage() == ""


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_check_behind_the_window_reads_the_file_once_a_day(qtbot, ctx, store):
    from counter_app.store import backup
    from ui.startup import IntegrityCheck

    win, check = _check(qtbot, ctx, ask=lambda *a: pytest.fail("asked"), inform=lambda *a: pytest.fail("told"))
    with qtbot.waitSignal(check.passed, timeout=10_000):
        check.start()
    assert check.report.ok and check.report.ran
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10_000)  # the time it ran is recorded
    assert not backup.integrity_due(store)
    again = IntegrityCheck(win, ctx)
    with qtbot.waitSignal(again.passed, timeout=10_000):  # the next start the same day: not read again
        again.start()
    assert again.report.ok and not again.report.ran


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_damaged_file_found_behind_the_window_is_restored_from_the_newest_good_backup(qtbot, ctx, store, profile_dir):
    from counter_app.store import backup

    good = backup.backup_now(store, profile_dir, reason="start")
    db = _damage(store, profile_dir)
    questions, told = [], []
    win, check = _check(qtbot, ctx, ask=lambda title, text: questions.append((title, text)) or True,
                        inform=lambda title, text: told.append((title, text)))
    with qtbot.waitSignal(check.restored, timeout=20_000) as restored:
        check.start()
    assert questions[0][0] == "Cơ sở dữ liệu bị hỏng"
    assert "Khôi phục bản sao lưu tốt mới nhất" in questions[0][1]
    assert "Phần mềm sẽ đóng sau khi khôi phục." in questions[0][1]
    assert restored.args[0].restored_from == good.path
    assert told == [("Đã khôi phục", f"Đã khôi phục dữ liệu từ {good.path.name}. Phần mềm sẽ đóng; hãy mở lại "
                                    "để làm việc với dữ liệu đã khôi phục.")]
    assert backup.check_integrity(db, quick=False).ok
    assert [p for p in (profile_dir / "set-aside").iterdir() if p.suffix == ".sqlite3"]  # kept, not deleted
    qtbot.waitUntil(lambda: not win.isVisible())


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_damaged_file_without_a_good_backup_closes_the_window_with_a_clear_message(qtbot, ctx, store, profile_dir):
    _damage(store, profile_dir)
    told = []
    win, check = _check(qtbot, ctx, ask=lambda *a: pytest.fail("asked"),
                        inform=lambda title, text: told.append((title, text)))
    with qtbot.waitSignal(check.damaged, timeout=20_000):
        check.start()
    assert told[0][0] == "Cơ sở dữ liệu bị hỏng"
    assert "không tìm thấy bản sao lưu nào còn tốt" in told[0][1] and told[0][1].endswith("Phần mềm sẽ đóng.")
    assert not win.isVisible() and not (profile_dir / "set-aside").exists()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_start_backup_waits_for_the_check(qtbot, ctx, profile_dir):
    from counter_app.store import backup
    from ui.main_window import MainWindow
    from ui.startup import install_session

    ctx.officer_name = "Phạm Đức Thắng"
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    install_session(QApplication.instance(), win, ctx)
    assert not win.backup_scheduler.timer.isActive()  # no backup of a file not checked yet
    qtbot.waitUntil(lambda: win.backup_scheduler.timer.isActive(), timeout=10_000)
    qtbot.waitUntil(lambda: ctx.tasks.pending() == 0, timeout=10_000)
    assert win.integrity_check.report.ok
    assert win.screen_lock.watcher.timeout_ms == 10 * 60_000  # read on a worker: the default 10 minutes
    assert [b.path.name.endswith("-start.sqlite3") for b in backup.list_backups(profile_dir / "backups")] == [True]
    win.backup_scheduler.timer.stop()
    win.screen_lock.deleteLater()


_PAINT_AND_FILL = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ui.app import build_window, make_context

HEAVY = {'sqlalchemy', 'alembic', 'reportlab', 'requests', 'openpyxl', 'holidays'}
app = QApplication([])
ctx = make_context(Path(sys.argv[1]))
window = build_window(ctx)
page = window.tabs.widget(0)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window and not hasattr(self, 'seen'):
            self.seen = True
            print('painted', sorted({m.split('.')[0] for m in sys.modules} & HEAVY), ctx.store_ready,
                  page.message.text(), window.tabs.count())
        return False

def listed(count):
    print('listed', count, sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy'}))
    ctx.when_store_ready(lambda: (print('ready', page.message.text() or '-', window.tabs.count()), app.quit()))

hook = FirstPaint()
window.installEventFilter(hook)
page.picker.matches_changed.connect(listed)
QTimer.singleShot(60_000, lambda: app.exit(3))  # never reached when the store opens
window.show()
code = app.exec()
ctx.tasks.wait_all()
ctx.store.dispose()
sys.exit(code)
"""


def test_the_window_paints_before_sqlalchemy_and_fills_its_lists_without_anyone_asking(store, profile_dir):
    """The real start (``make_context`` then ``build_window``) in a process of its own: neither
    SQLAlchemy, the calendar's holidays, Alembic, reportlab, requests nor openpyxl is imported
    when the window first paints; then the store opens, the procedure list fills and the other
    pages are added, with no input."""
    import subprocess
    import sys
    from pathlib import Path

    from counter_app.store import catalogue_tables

    with store.read() as session:
        expected = len(catalogue_tables.search_specs(session, ""))
    store.dispose()
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _PAINT_AND_FILL, str(profile_dir)], capture_output=True, encoding="utf-8", text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2], env=env, timeout=120)
    assert out.stdout.splitlines() == [
        "painted [] False Đang mở dữ liệu… 1",
        f"listed {expected} ['sqlalchemy']",
        "ready - 5",  # receive, card, today, logbook, rejected sync items
    ]


# -- the store opened on a thread of its own ----------------------------------------------------

@pytest.fixture
def lazy_ctx(store, profile_dir):
    from ui.app import make_context

    context = make_context(profile_dir)
    yield context
    context.tasks.wait_all()
    context.store.dispose()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_receive_form_takes_input_before_the_store_is_open_and_fills_once_it_is(qtbot, lazy_ctx, store):
    from counter_app.store import catalogue_tables
    from tests.ui.keys import type_text

    with store.read() as session:
        expected = [spec.code for spec in catalogue_tables.search_specs(session, "")]
    window = build_window(lazy_ctx)
    qtbot.addWidget(window)
    page = window.tabs.widget(0)
    assert not lazy_ctx.store_ready and lazy_ctx.tasks.pending() == 3  # calendar, procedures, print queue
    assert page.message.text() == "Đang mở dữ liệu…" and _titles(window) == ["Tiếp nhận hồ sơ"]
    type_text(page.form.edits["applicant_name"], "Nguyễn Văn An")
    window.show()  # the store opens after the first paint
    qtbot.waitUntil(lambda: page.picker.matches.count() == len(expected) and lazy_ctx.store_ready, timeout=20_000)
    assert [page.picker.matches.item(i).data(Qt.ItemDataRole.UserRole).code for i in range(len(expected))] == expected
    qtbot.waitUntil(lambda: page.calendar is not None, timeout=10_000)
    assert page.message.text() == "" and page.form.text("applicant_name") == "Nguyễn Văn An"
    assert _titles(window)[:4] == ["Tiếp nhận hồ sơ", "Theo dõi hồ sơ", "Hôm nay", "Sổ theo dõi hồ sơ"]
    assert window.scan_filter is not None
    qtbot.waitUntil(lambda: window.has_page("sync_rejected"), timeout=10_000)
    window.sync_runner.stop()


def test_held_jobs_run_in_order_when_waited_for_without_an_event_loop(lazy_ctx):
    ran: list[str] = []
    lazy_ctx.tasks.write(lambda: ran.append("first") or lazy_ctx.store.path.name)
    lazy_ctx.tasks.write(lambda: ran.append("second"))
    assert lazy_ctx.tasks.pending() == 2 and ran == []
    assert lazy_ctx.tasks.wait_all()
    assert ran == ["first", "second"]


def test_a_store_closed_before_it_was_announced_leaves_the_window_alone(qtbot, lazy_ctx):
    """As the self-test does: build, wait for the jobs (which opens the store), close; the
    queued announcement must not add pages on a closed store."""
    window = build_window(lazy_ctx)
    qtbot.addWidget(window)
    assert lazy_ctx.tasks.wait_all()
    lazy_ctx.store.dispose()
    lazy_ctx.store._thread.join(10)  # both announcements are posted: deliver them
    QApplication.processEvents()
    assert _titles(window) == ["Tiếp nhận hồ sơ"] and getattr(window, "scan_filter", None) is None


def test_a_store_that_cannot_be_opened_tells_the_held_jobs_and_every_user(qtbot, profile_dir):
    import sqlite3

    from ui.store_opening import LazyStore, StoreGatedTaskRunner

    def broken(_profile):
        raise sqlite3.DatabaseError("file is not a database")

    lazy = LazyStore(profile_dir, opener=broken)
    tasks = StoreGatedTaskRunner(lazy)
    errors, done, ready = [], [], []
    tasks.run(lambda: done.append("ran"), on_done=done.append, on_error=errors.append)
    AppContext(profile_dir=profile_dir, store=lazy, tasks=tasks).when_store_ready(lambda: ready.append(True))
    lazy.start()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10_000)
    assert str(errors[0]) == "file is not a database" and done == [] and ready == []
    with pytest.raises(sqlite3.DatabaseError):
        lazy.read()
    assert not lazy.ready and tasks.pending() == 0


def test_building_the_window_leaves_the_heavy_libraries_for_later(store, profile_dir):
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from pathlib import Path; from PySide6.QtWidgets import QApplication; "
            "from ui.app import build_window, make_context; app = QApplication([]); "
            f"ctx = make_context(Path({str(profile_dir)!r})); window = build_window(ctx); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'reportlab', 'requests', 'openpyxl', "
            "'sqlalchemy'}))")
    store.dispose()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"


_REAL_START = """
import sys, threading
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.app import AFTER_STORE_IMPORTS, _opening_context, build_window
from ui.startup import read_start_state

imported_on = {}

class Recorder:
    def find_spec(self, name, path=None, target=None):
        imported_on.setdefault(name, threading.current_thread().name)
        return None

sys.meta_path.insert(0, Recorder())
app = QApplication([])
ctx = _opening_context(Path(sys.argv[1]))
state = read_start_state(ctx.store)
ctx.store._imported.wait(60)
print(state.language, state.ready, state.agency_name)
print(sorted(name for name in AFTER_STORE_IMPORTS if imported_on.get(name) == "store-open"))
print(sorted(name for name, thread in imported_on.items() if thread != "MainThread"
             and name.split(".")[0] in ("ui", "PySide6", "shiboken6", "sync")))
ctx.officer_id = "canbo1"
window = build_window(ctx)  # as run_gui does after the sign-in: the pages' modules load now
while getattr(window, "scan_filter", None) is None:
    app.processEvents()
print(imported_on.get("ui.scanner"), imported_on.get("ui.card.wiring"), imported_on.get("ui.logbook.wiring"))
ctx.tasks.wait_all()
ctx.store.dispose()
"""


def test_the_real_start_reads_the_store_and_imports_only_core_modules_on_the_opening_thread(store, profile_dir):
    """``run_gui`` reads the language, whether the profile is set up and the agency's name
    before any window; the store it opens for that imports the core modules the pages need on
    its own thread, and no module that touches Qt: PySide6 makes its types on first use, which
    is not safe from two threads (``Qt.Key`` was found missing when ``ui.scanner`` was imported
    there). The pages' modules, the scanner's included, are imported on the GUI thread."""
    import subprocess
    import sys
    from pathlib import Path

    from counter_app.store import settings
    from ui.app import AFTER_STORE_IMPORTS

    with store.read() as session:
        agency = settings.load_context(session).agency_name
    store.dispose()
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", _REAL_START, str(profile_dir)], capture_output=True, encoding="utf-8", text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2], env=env, timeout=120)
    lines = out.stdout.splitlines()
    assert lines[0] == f"vi True {agency}"
    assert lines[1] != "[]" and set(eval(lines[1])) <= set(AFTER_STORE_IMPORTS)  # noqa: S307 - our own output
    assert lines[2] == "[]"  # nothing of ui, sync or Qt on the opening thread
    assert lines[3] == "MainThread MainThread MainThread"


def test_the_opening_thread_imports_nothing_that_loads_qt():
    """Each module the opening thread imports, imported alone in a fresh interpreter, loads no
    part of PySide6 (the core never imports Qt; the layer contract says so too)."""
    import subprocess
    import sys
    from pathlib import Path

    from ui.app import AFTER_STORE_IMPORTS

    assert all(name.startswith("counter_app.") for name in AFTER_STORE_IMPORTS)
    code = ("import sys, importlib; [importlib.import_module(m) for m in sys.argv[1:]]; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'ui', 'sync'}))")
    out = subprocess.run([sys.executable, "-c", code, *AFTER_STORE_IMPORTS], capture_output=True, text=True, encoding="utf-8",
                         check=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert out.stdout.strip() == "[]"


def test_the_pages_modules_load_nothing_heavy_once_the_opening_thread_is_done():
    """What the GUI thread imports when the store is ready (the pages' ui modules) finds the
    core modules already loaded: SQLAlchemy and the services are imported on the opening thread."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, importlib; from ui.app import AFTER_STORE_IMPORTS; import ui.startup, ui.receive; "
            "[importlib.import_module(m) for m in AFTER_STORE_IMPORTS]; before = set(sys.modules); "
            "import ui.card.wiring, ui.logbook.wiring, ui.card.view, ui.logbook.view; "
            "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in ('counter_app', 'sqlalchemy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=120,
                         env=dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen"))
    assert out.stdout.strip() == "[]"


def test_the_start_state_of_a_new_profile_asks_for_the_wizard(tmp_path):
    from counter_app.store.db import open_store
    from ui.startup import StartState, read_start_state

    fresh = open_store(tmp_path / "new")
    try:
        assert read_start_state(fresh) == StartState("vi", False, None)
    finally:
        fresh.dispose()
