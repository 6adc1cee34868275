"""Backups: online copies, retention, the integrity check, and restoring a damaged database."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from counter_app.store import crypt
from counter_app.store import backup, settings
from counter_app.store.audit import verify_chain
from counter_app.store.db import DB_FILENAME
from counter_app.store.models import AuditEntry, Dossier
from counter_app.services.receiving import receive
from ui.messages import error_text

T0 = datetime(2026, 3, 10, 7, 30)


def _count(store):
    with store.read() as session:
        return session.query(Dossier).count()


def test_backup_at_start_then_daily_and_old_ones_pruned(store, profile_dir, make_draft):
    receive(store, make_draft(), "canbo1")
    first = backup.backup_now(store, profile_dir, now=T0, reason="start")
    assert first.path == profile_dir / "backups" / "counter-20260310-073000-start.sqlite3"
    assert backup.check_integrity(first.path, quick=False).ok
    assert backup.backup_if_due(store, profile_dir, now=T0 + timedelta(hours=23)) is None
    second = backup.backup_if_due(store, profile_dir, now=T0 + timedelta(days=1))
    assert second.path.name == "counter-20260311-073000-daily.sqlite3"
    with store.write() as session:
        settings.set_setting(session, backup.BACKUP_KEEP_DAYS, 4)
    backup.backup_now(store, profile_dir, now=T0 + timedelta(days=4, hours=1))
    names = [b.path.name for b in backup.list_backups(profile_dir / "backups")]
    assert names == ["counter-20260314-083000-daily.sqlite3", "counter-20260311-073000-daily.sqlite3"]
    with store.read() as session:
        assert [e.action for e in session.query(AuditEntry)] == ["backup_made"] * 3


def test_the_backup_folder_is_configurable_and_remembered_outside_the_database(store, profile_dir, tmp_path):
    elsewhere = tmp_path / "usb" / "saoluu"
    with store.write() as session:
        backup.set_backup_folder(session, profile_dir, elsewhere)
    info = backup.backup_now(store, profile_dir, now=T0)
    assert info.path.parent == elsewhere
    assert backup.backup_folder(profile_dir) == elsewhere  # read from the hint file, no database
    assert backup.candidate_folders(profile_dir) == [elsewhere, profile_dir / "backups"]


def _damage(path):
    """Overwrite pages in the middle of the file with garbage, as a failing disk would."""
    size = os.path.getsize(path)
    page = 4096
    with open(path, "r+b") as fh:
        for offset in range(2 * page, size - page, 3 * page):
            fh.seek(offset)
            fh.write(bytes((i * 37 + 11) % 256 for i in range(page)))


def test_a_damaged_database_is_detected_and_the_newest_good_backup_restored(store, profile_dir, make_draft):
    for i in range(30):
        receive(store, make_draft(applicant_name=f"Nguyễn Văn {chr(65 + i % 26)}", id_number=f"0010920{i:05d}"),
                "canbo1")
    older = backup.backup_now(store, profile_dir, now=T0)
    receive(store, make_draft(id_number="001092099999"), "canbo1")
    newest = backup.backup_now(store, profile_dir, now=T0 + timedelta(hours=2))
    # A newer file that is itself broken must be skipped.
    broken = profile_dir / "backups" / "counter-20260310-120000-daily.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    db = profile_dir / DB_FILENAME
    store.dispose()
    assert not (profile_dir / (DB_FILENAME + "-wal")).exists() or os.path.getsize(str(db) + "-wal") == 0
    _damage(db)
    damaged_bytes = db.read_bytes()

    report = backup.check_integrity(db)
    assert not report.ok and report.messages
    good = backup.newest_good_backup(profile_dir)
    assert good.path == newest.path and good.path != older.path

    result = backup.restore_backup(profile_dir, good.path, now=T0 + timedelta(hours=3), damaged=True)
    try:
        assert result.set_aside == profile_dir / "set-aside" / "counter-20260310-103000.sqlite3"
        assert result.set_aside.read_bytes() == damaged_bytes  # kept aside, never deleted
        assert backup.check_integrity(db, quick=False).ok
        assert _count(result.store) == 31
        with result.store.read() as session:
            last = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
            assert (last.action, last.target, last.detail) == (
                "restored", newest.path.name, {"set_aside": "counter-20260310-103000.sqlite3", "damaged": True})
            assert verify_chain(session) == []
    finally:
        result.store.dispose()


def test_a_broken_backup_is_refused_and_nothing_moved(store, profile_dir):
    bad = profile_dir / "bad.sqlite3"
    bad.write_bytes(b"\0" * 8192)
    try:
        backup.restore_backup(profile_dir, bad, store=store)
    except backup.BackupError as exc:
        assert exc.message.code == "backup.damaged"
        assert error_text(exc).startswith("Bản sao lưu 'bad.sqlite3' bị hỏng, không thể khôi phục: ")
    else:
        raise AssertionError("a broken backup was restored")
    assert (profile_dir / DB_FILENAME).exists()
    assert not (profile_dir / "set-aside").exists()
    conn = crypt.connect(profile_dir / DB_FILENAME)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


def test_a_file_that_cannot_be_moved_aside_stops_the_restore_with_nothing_changed(store, profile_dir, make_draft):
    """Windows refuses to move a file another process holds open (WinError 32); here a folder
    where the side file must go makes the same real failure half way through the moves: what
    was moved is put back, the copy is removed, and the message says the file is in use."""
    receive(store, make_draft(applicant_name="Đặng Văn Đức", received_at=T0), "canbo1")
    made = backup.make_backup(store, profile_dir / "backups", now=T0)
    store.dispose()
    db = profile_dir / DB_FILENAME
    wal = db.with_name(db.name + "-wal")
    wal.write_bytes(b"")  # an empty WAL, as SQLite leaves one between connections
    before = db.read_bytes()
    now = T0 + timedelta(hours=1)
    blocked = profile_dir / "set-aside" / f"{db.stem}-{now:%Y%m%d-%H%M%S}{db.suffix}-wal"
    blocked.mkdir(parents=True)
    (blocked / "x").write_text("x", encoding="utf-8")
    try:
        backup.restore_backup(profile_dir, made.path, store=store, now=now)
    except backup.BackupError as exc:
        said = error_text(exc)
        assert exc.message.code == "backup.file_in_use"
        assert "đang được một chương trình khác mở" in said and "chưa bị thay đổi" in said
    else:
        raise AssertionError("the restore went ahead")
    assert db.read_bytes() == before and wal.exists()
    assert sorted(p.name for p in (profile_dir / "set-aside").iterdir()) == [blocked.name]
    assert not list(profile_dir.glob("*.restoring"))


def test_the_start_check_reads_the_whole_file_at_most_once_a_day_and_records_when(store):
    from counter_app.store.settings import get_setting

    assert backup.integrity_due(store, now=T0)  # never checked yet
    first = backup.check_if_due(store, now=T0)
    assert first.ok and first.ran
    backup.record_integrity(store, first, now=T0)
    with store.read() as session:
        assert get_setting(session, backup.INTEGRITY_LAST) == {"at": "2026-03-10T07:30:00", "ok": True, "quick": True}
    later = backup.check_if_due(store, now=T0 + timedelta(hours=23))
    assert later.ok and not later.ran  # not read again the same day
    assert backup.check_if_due(store, now=T0 + timedelta(days=1)).ran  # a day later it runs again
    assert backup.integrity_due(store, now=T0 - timedelta(minutes=5))  # the clock went back: check again
    backup.record_integrity(store, backup.IntegrityReport(store.path, False, ("page 3: bad",)), now=T0)
    assert backup.integrity_due(store, now=T0 + timedelta(minutes=1))  # a failed check is not a pass


def test_check_on_demand_runs_and_records_the_check(store, profile_dir, capsys):
    from counter_app.store.settings import get_setting
    from ui.cli.main import main

    assert main(["--profile", str(profile_dir), "check"]) == 0
    capsys.readouterr()
    with store.read() as session:
        last = get_setting(session, backup.INTEGRITY_LAST)
    assert last["ok"] is True and last["quick"] is True
    assert not backup.integrity_due(store)
