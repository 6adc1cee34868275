"""An old per-user profile left in clear after its adoption: found, and removed only once the
shared profile is proved to hold each of its dossiers and scans (counter_app.store.old_profile)."""

from __future__ import annotations

import hashlib

import pytest

from counter_app.domain.errors import Message
from counter_app.store import crypt, migrate
from counter_app.store.backup_place import previous_folders
from counter_app.store.db import DB_FILENAME, Store, open_store
from counter_app.services.demo import DEMO_AGENCY, demo_officers
from counter_app.store.old_profile import OldProfileDiffers, find_left_in_clear, remove_old_profile
from counter_app.store.profile_place import adopt_profile
from counter_app.services.receiving import receive
from counter_app.services.setup import initialise_profile
from ui.messages import error_text

SCAN = b"%PDF-1.4\n% a scan of a 0.1 profile\n"


def _old_profile(tmp_path, make_draft):
    """A 0.1 profile (plain database, a plain scan, a plain backup) adopted into the shared one."""
    legacy, machine = tmp_path / "Local" / "counter" / "counter-app", tmp_path / "ProgramData" / "CounterApp" / "profile"
    plain = Store(legacy / DB_FILENAME, key=crypt.PLAIN)
    migrate.upgrade(plain)
    initialise_profile(plain, DEMO_AGENCY, 1, demo_officers())
    receive(plain, make_draft(), "canbo1")
    plain.dispose()
    digest = hashlib.sha256(SCAN).hexdigest()
    (legacy / "documents" / digest[:2]).mkdir(parents=True)
    (legacy / "documents" / digest[:2] / f"{digest[2:]}.pdf").write_bytes(SCAN)
    (legacy / "backups").mkdir()
    (legacy / "backups" / "counter-20250101-080000-start.sqlite3").write_bytes((legacy / DB_FILENAME).read_bytes())
    adopt_profile(legacy, machine)
    return legacy, machine


def _files(folder):
    """The folder's files and their bytes (SQLite's -wal/-shm of a read aside)."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def test_found_while_it_holds_data_in_clear_then_removed_once_proved_copied(tmp_path, make_draft):
    legacy, machine = _old_profile(tmp_path, make_draft)
    store = open_store(machine)  # the first open encrypts the shared copy (and its scans)
    try:
        found = find_left_in_clear(legacy)
        assert found is not None and found.plain_database and found.folder == legacy
        assert found.moved_to == str(machine) and found.size > 0
        # the scan; the backup was converted by the first open (best effort), or still plain
        assert found.plain_files in (1, 2)
        assert (legacy / "backups") in previous_folders(machine)
        removed = remove_old_profile(legacy, store)
    finally:
        store.dispose()
    assert removed.dossiers_checked == 1 and not legacy.exists()
    assert (legacy / "backups") not in previous_folders(machine)
    assert find_left_in_clear(legacy) is None
    reopened = open_store(machine)
    reopened.dispose()


def test_not_removed_when_the_shared_copy_lacks_a_dossier_or_a_scan(tmp_path, make_draft):
    legacy, machine = _old_profile(tmp_path, make_draft)
    store = open_store(machine)
    try:
        later = Store(legacy / DB_FILENAME, key=crypt.PLAIN)  # the old version used once more after the copy
        receipt = receive(later, make_draft(), "canbo1")
        later.dispose()
        before = _files(legacy)
        with pytest.raises(OldProfileDiffers) as refused:
            remove_old_profile(legacy, store)
        assert refused.value.message == Message("old_profile.missing_in_shared", {
            "folder": str(legacy), "count": 1, "shown": receipt.code})
        assert receipt.code in error_text(refused.value) and "Không có gì bị xóa" in error_text(refused.value)
        assert _files(legacy) == before

        (legacy / "moved-to.txt").unlink()  # not an adopted profile: never deleted
        with pytest.raises(OldProfileDiffers) as not_adopted:
            remove_old_profile(legacy, store)
        assert not_adopted.value.message.code == "old_profile.not_adopted"
        assert (legacy / DB_FILENAME).exists()
    finally:
        store.dispose()


def test_nothing_to_report_without_an_adopted_folder_in_clear(tmp_path):
    assert find_left_in_clear(tmp_path / "absent") is None
    assert find_left_in_clear(platform="linux", environ={}) is None  # no per-user place off Windows
