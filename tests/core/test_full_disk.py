"""A full disk is a full disk (issue 12, item 7): a real small tmpfs filled up, then `check`,
`receive`, `backup` and the start-up check; a fault-injected SQLITE_FULL and EFBIG where a
tmpfs cannot be mounted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from counter_app.store import crypt
import pytest
from sqlalchemy.exc import OperationalError

from counter_app.store import backup, storage
from counter_app.store.db import DB_FILENAME, open_store
from counter_app.services.receiving import receive
from tests.fulldisk import fill, small_disk

BODY = {"procedure_code": "1.001193", "applicant_name": "Đặng Văn Đức", "id_number": "001092012345",
        "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng"}


def cli(profile, *args, stdin: str = ""):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def _no_restore_advice(text: str) -> None:
    assert "Traceback" not in text
    assert "Cơ sở dữ liệu bị hỏng" not in text and "restore --newest" not in text


def _count(profile) -> int:
    return len(json.loads(cli(profile, "ledger").stdout))


def test_a_full_disk_is_told_apart_from_damage_and_nothing_is_lost(tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        profile = disk / "profile"
        assert cli(profile, "demo", "--dossiers", "30").returncode == 0
        assert cli(profile, "backup").returncode == 0  # something the message can offer to free
        before = _count(profile)
        filler = fill(disk)

        checked = cli(profile, "check")
        assert checked.returncode == 1
        _no_restore_advice(checked.stderr)
        assert "Ổ đĩa chứa dữ liệu" in checked.stderr and "đã đầy" in checked.stderr
        assert "bản sao lưu cũ" in checked.stderr  # what to free, with its size and place
        report = json.loads(checked.stdout)
        assert report["disk"] == "full" and report["database"] == "not checked"
        assert report["reclaimable"][0]["what"] == "backups" and report["reclaimable"][0]["size"] > 0

        received = cli(profile, "receive", "--officer", "canbo1", stdin=json.dumps(BODY, ensure_ascii=False))
        assert received.returncode == 1
        _no_restore_advice(received.stderr)
        assert "đã đầy" in received.stderr

        made = cli(profile, "backup", "-o", str(disk / "copy.sqlite3"))
        assert made.returncode == 1
        _no_restore_advice(made.stderr)
        assert "đầy" in made.stderr
        assert not list(disk.glob("*.part*")) and not (disk / "copy.sqlite3").exists()
        into_folder = cli(profile, "backup")
        assert into_folder.returncode == 1 and not list((profile / "backups").glob("*.part*"))

        filler.unlink()  # space freed as told: everything works again, nothing was lost
        assert cli(profile, "check").returncode == 0
        assert cli(profile, "receive", "--officer", "canbo1",
                   stdin=json.dumps(BODY, ensure_ascii=False)).returncode == 0
        assert _count(profile) == before + 1


def test_a_backup_onto_a_full_disk_leaves_no_part_file(tmp_path):
    profile = tmp_path / "profile"  # on the ordinary disk; the backup goes to a full one
    assert cli(profile, "demo", "--dossiers", "30").returncode == 0
    with small_disk(tmp_path / "usb", "256k") as usb:
        fill(usb)
        made = cli(profile, "backup", "-o", str(usb / "copy.sqlite3"))
        assert made.returncode == 1
        _no_restore_advice(made.stderr)
        assert "ổ đĩa đầy" in made.stderr
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]


def test_a_disk_filled_while_the_store_is_open_says_full_not_damaged(tmp_path, make_draft):
    with small_disk(tmp_path / "disk", "4m") as disk:
        from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS
        from counter_app.services.setup import initialise_profile

        store = open_store(disk / "profile")
        try:
            initialise_profile(store, DEMO_AGENCY, 1, DEMO_OFFICERS)
            receive(store, make_draft(), "canbo1")
            fill(disk)
            with pytest.raises((OperationalError, OSError)) as exc:
                receive(store, make_draft(note="n" * 400), "canbo1")
            problem = storage.storage_problem(exc.value, disk / "profile")
            assert problem is not None and problem.kind == storage.FULL and problem.free_bytes < 65536
            report = backup.check_integrity(disk / "profile" / DB_FILENAME)
            assert not report.damaged  # never called damaged
        finally:
            store.dispose()


def test_the_start_up_check_on_a_full_disk_offers_no_restore(tmp_path):
    from ui.startup import check_database

    with small_disk(tmp_path / "disk", "4m") as disk:
        profile = disk / "profile"
        assert cli(profile, "demo", "--dossiers", "10").returncode == 0
        assert cli(profile, "backup").returncode == 0  # a good backup exists: still not offered
        fill(disk)
        told = []
        assert check_database(profile, ask=lambda *a: pytest.fail("a restore was offered"),
                              inform=lambda title, text: told.append((title, text))) is False
        assert told[0][0] == "Ổ đĩa đã đầy"
        assert "Đừng khôi phục bản sao lưu" in told[0][1] and "bản sao lưu cũ" in told[0][1]
        assert not (profile / "set-aside").exists()


# --- fault injection: runs everywhere, also where no tmpfs can be mounted ---------------------

def test_sqlite_full_from_max_page_count_is_a_full_disk(store, profile_dir, make_draft):
    with store.engine.connect() as conn:  # SQLite's own limit: the next page cannot be had
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(OperationalError) as exc:
            conn.exec_driver_sql("CREATE TABLE filler AS SELECT randomblob(100000) AS x")
    assert "SQLITE_FULL" == exc.value.orig.sqlite_errorname
    assert storage.storage_kind(exc.value) == storage.FULL


def test_a_backup_cut_short_by_a_file_size_limit_leaves_no_part_file(store, profile_dir, tmp_path):
    """RLIMIT_FSIZE in a child process: the copy fails half way (EFBIG), the .part goes."""
    target = tmp_path / "out" / "copy.sqlite3"
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from counter_app.store.backup import BackupError, make_backup
        from counter_app.store.db import open_store
        store = open_store(Path({str(profile_dir)!r}))
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
        try:
            make_backup(store, Path({str(target.parent)!r}), dest=Path({str(target)!r}))
        except BackupError as exc:
            print("refused:", exc, "kind:", exc.storage.kind if exc.storage else None)
            sys.exit(3)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stdout and "kind:" in done.stdout
    assert list(target.parent.iterdir()) == []  # neither the copy nor its .part


@pytest.mark.parametrize("exc, kind", [
    (OSError(28, "No space left on device"), storage.FULL),
    (OSError(30, "Read-only file system"), storage.READ_ONLY),
    (OSError(13, "Permission denied"), storage.READ_ONLY),
    (OSError(2, "No such file"), None),
])
def test_os_errors_are_sorted(exc, kind):
    assert storage.storage_kind(exc) == kind


def test_a_damaged_file_is_still_damaged(store, profile_dir):

    store.dispose()
    db = profile_dir / DB_FILENAME
    data = bytearray(db.read_bytes())
    data[:16] = b"not a database!!"
    db.write_bytes(bytes(data))
    report = backup.check_integrity(db)
    assert report.damaged and report.storage is None
    with pytest.raises(crypt.DatabaseError) as exc:
        crypt.connect(db).execute("select 1 from dossier")
    assert storage.storage_kind(exc.value) is None
