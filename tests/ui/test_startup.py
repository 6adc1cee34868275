"""Start-up: a damaged database offered its newest good backup, backups at start, the admin page."""

from __future__ import annotations

import pytest

from counter_app.store import backup
from counter_app.store.db import DB_FILENAME
from counter_app.store.models import Officer
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.startup import BackupScheduler, check_database, install_admin
from ui.tasks import TaskRunner


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait_all()


def _damage(store, profile_dir):
    store.dispose()
    db = profile_dir / DB_FILENAME
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset:offset + 4096] = bytes((i * 31 + 7) % 256 for i in range(4096))
    db.write_bytes(bytes(data))
    return db


def test_a_damaged_database_is_restored_when_the_person_agrees(store, profile_dir):
    good = backup.backup_now(store, profile_dir, reason="start")
    db = _damage(store, profile_dir)
    questions = []
    assert check_database(profile_dir, ask=lambda title, text: questions.append(text) or False) is False
    assert "Cơ sở dữ liệu bị hỏng" in questions[0] and not (profile_dir / "set-aside").exists()
    assert check_database(profile_dir, ask=lambda title, text: True) is True
    assert backup.check_integrity(db, quick=False).ok
    assert [p.name for p in (profile_dir / "set-aside").iterdir() if p.suffix == ".sqlite3"]
    assert good.path.exists()


def test_a_healthy_or_new_profile_starts_without_questions(store, profile_dir, tmp_path):
    assert check_database(profile_dir, ask=lambda *a: pytest.fail("asked")) is True
    assert check_database(tmp_path / "new", ask=lambda *a: pytest.fail("asked")) is True


def test_a_backup_is_made_at_start(qtbot, store, profile_dir, tasks):
    ctx = AppContext(profile_dir=profile_dir, store=store, tasks=tasks)
    scheduler = BackupScheduler(ctx)
    scheduler.start()
    qtbot.waitUntil(lambda: tasks.pending() == 0)
    assert scheduler.timer.isActive() and scheduler.last_error is None
    assert [b.path.name.endswith("-start.sqlite3") for b in backup.list_backups(profile_dir / "backups")] == [True]
    scheduler.timer.stop()


@pytest.mark.parametrize(("username", "has_admin_page"), [("admin", True), ("giamsat", False)])
def test_the_administration_page_is_for_administrators(qtbot, store, profile_dir, tasks, username, has_admin_page):
    with store.read() as session:
        o = session.query(Officer).filter_by(username=username).one()
        ctx = AppContext(profile_dir=profile_dir, store=store, tasks=tasks, officer_id=o.id,
                         officer_name=o.full_name, officer_role=o.role)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    install_admin(window, ctx)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert ("Quản trị" in titles) is has_admin_page
    assert [a.text() for a in window.menuBar().actions()] == ["Hệ thống"]
    qtbot.waitUntil(lambda: tasks.pending() == 0)
