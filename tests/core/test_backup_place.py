"""The backup folder an administrator sets: checked, compared with the data's volume, and the
folders used before still searched for a restore."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from counter_app.store import backup
from counter_app.store.backup_place import (
    Placement,
    assess,
    check_backup_folder,
    previous_folders,
    same_volume,
    windows_volume,
)
from counter_app.domain.errors import ValidationFailed
from ui.messages import said_text

T0 = datetime(2026, 3, 10, 7, 30)


def _message(exc_info) -> str:
    return " ".join(said_text(e.message) for e in exc_info.value.errors)


def test_a_good_folder_is_accepted_and_bad_ones_refused_with_the_reason(profile_dir, tmp_path):
    good = tmp_path / "usb" / "sao lưu"
    good.mkdir(parents=True)
    assert check_backup_folder(good, profile_dir) == good
    assert not list(good.iterdir())  # the write test left nothing behind
    cases = [
        (tmp_path / "khong-co", "không tồn tại"),
        (profile_dir / "backups", "nằm trong thư mục dữ liệu"),
        (profile_dir, "nằm trong thư mục dữ liệu"),
        ("saoluu", "đường dẫn đầy đủ"),
        ("  ", "chưa nhập"),
    ]
    (profile_dir / "backups").mkdir()
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x", encoding="utf-8")
    cases.append((a_file, "không phải thư mục"))
    for folder, words in cases:
        with pytest.raises(ValidationFailed) as info:
            check_backup_folder(folder, profile_dir)
        assert words in _message(info), folder


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX modes; root writes anywhere")
def test_a_folder_that_cannot_be_written_is_refused(profile_dir, tmp_path):
    locked = tmp_path / "chi-doc"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(ValidationFailed) as info:
            check_backup_folder(locked, profile_dir)
        assert "Không ghi được" in _message(info)
    finally:
        locked.chmod(0o755)


def test_windows_compares_the_volume_of_each_path_without_case():
    volumes = {r"C:\ProgramData\CounterApp\profile": "C:\\", r"c:\SaoLuu": "c:\\", r"D:\SaoLuu": "D:\\",
               r"\\may-chu\saoluu\quay1": "\\\\may-chu\\saoluu\\", r"C:\Mount\Disk2\SaoLuu": "C:\\Mount\\Disk2\\"}
    profile = r"C:\ProgramData\CounterApp\profile"
    on = lambda a, b: same_volume(a, b, platform="win32", volume=volumes.__getitem__)  # noqa: E731
    assert on(profile, r"c:\SaoLuu")
    assert not on(profile, r"D:\SaoLuu")
    assert not on(profile, r"\\may-chu\saoluu\quay1")
    assert not on(profile, r"C:\Mount\Disk2\SaoLuu")  # another disk mounted in a folder of C:
    # without GetVolumePathNameW (not on Windows here): the drive or the UNC share
    assert windows_volume(r"D:\SaoLuu\x") == "D:\\"
    assert windows_volume(r"\\may-chu\saoluu\quay1") == "\\\\may-chu\\saoluu\\"


def test_posix_compares_st_dev():
    devs = {"/data/profile": 2049, "/data/backups": 2049, "/mnt/usb/backups": 2065}
    stat = lambda p: SimpleNamespace(st_dev=devs[p])  # noqa: E731
    assert same_volume("/data/profile", "/data/backups", platform="linux", stat=stat)
    assert not same_volume("/data/profile", "/mnt/usb/backups", platform="linux", stat=stat)


def test_assess_says_where_the_backups_are(profile_dir, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    assert assess(profile_dir, profile_dir / "backups", configured=False).placement is Placement.NOT_SET
    assert assess(profile_dir, profile_dir / "backups", configured=True).placement is Placement.NOT_SET
    assert assess(profile_dir, tmp_path / "gone", configured=True).placement is Placement.UNREACHABLE
    # the real st_dev: tmp_path and the profile share a file system here
    assert assess(profile_dir, other, configured=True).placement is Placement.SAME_DISK
    elsewhere = assess(profile_dir, other, configured=True, on_same_volume=lambda a, b: False)
    assert elsewhere.placement is Placement.ELSEWHERE and not elsewhere.warn


def test_a_changed_folder_is_remembered_and_its_backups_still_found(store, profile_dir, tmp_path):
    first, second = tmp_path / "D" / "saoluu", tmp_path / "E" / "saoluu"
    old_default = backup.backup_now(store, profile_dir, reason="start", now=T0)
    with store.write() as session:
        backup.set_backup_folder(session, profile_dir, first)
    in_first = backup.backup_now(store, profile_dir, reason="manual", now=T0 + timedelta(hours=1))
    with store.write() as session:
        backup.set_backup_folder(session, profile_dir, second)
    assert previous_folders(profile_dir) == [profile_dir / "backups", first]
    found = [b.path for b in backup.list_backups(backup.candidate_folders(profile_dir))]
    assert {old_default.path, in_first.path} <= set(found)
    assert backup.newest_good_backup(profile_dir).path == in_first.path
