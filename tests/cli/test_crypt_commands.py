"""The CLI of encryption at rest: exporting a recovery key (administrators only), restoring a
backup on a machine whose key store does not hold its key, a wrong key's message, and the
check's warning about the fallback key file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counter_app.services.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def cli(profile: Path, keys: Path, *args: str, password: str | None = None):
    """`counter-app` in a child process whose key store (the fallback file) is *keys*."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COUNTER_KEYRING_FILE=str(keys),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.pop("COUNTER_ADMIN_PASSWORD", None)
    if password is not None:
        env["COUNTER_ADMIN_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, cwd=ROOT,
                          stdin=subprocess.DEVNULL)


def test_recovery_key_export_and_restore_on_a_new_machine(tmp_path):
    profile, home_keys, new_keys = tmp_path / "quay1", tmp_path / "home" / "keys.json", tmp_path / "new" / "keys.json"
    assert cli(profile, home_keys, "demo", "--dossiers", "3").returncode == 0
    backup = tmp_path / "usb" / "counter-20260310-170000-manual.sqlite3"
    backup.parent.mkdir()
    assert cli(profile, home_keys, "backup", "-o", str(backup)).returncode == 0

    refused = cli(profile, home_keys, "recovery-key", "--out", str(tmp_path / "k1"), "--admin", "canbo1",
                  password=DEMO_PASSWORD)
    assert refused.returncode == 1 and "quản trị viên" in refused.stderr and not (tmp_path / "k1").exists()
    wrong = cli(profile, home_keys, "recovery-key", "--out", str(tmp_path / "k1"), "--admin", "admin",
                password="sai-mat-khau")
    assert wrong.returncode != 0 and not (tmp_path / "k1").exists() and "Traceback" not in wrong.stderr
    done = cli(profile, home_keys, "recovery-key", "--out", str(tmp_path / "recovery.key"), "--admin", "admin",
               password=DEMO_PASSWORD)
    assert done.returncode == 0, done.stderr
    if os.name == "posix":
        assert (tmp_path / "recovery.key").stat().st_mode & 0o777 == 0o600

    # The profile on a machine without its key: a clear message, no traceback.
    opened = cli(profile, new_keys, "ledger")
    assert opened.returncode == 1 and "Traceback" not in opened.stderr
    assert "khóa mã hóa của máy này không mở được tệp" in opened.stderr
    checked = cli(profile, new_keys, "check")
    assert checked.returncode == 1 and json.loads(checked.stdout)["database"] == "wrong key"

    without = cli(profile, new_keys, "restore", str(backup))
    assert without.returncode == 1 and "Traceback" not in without.stderr
    restored = cli(profile, new_keys, "restore", "--recovery-key", str(tmp_path / "recovery.key"), str(backup))
    assert restored.returncode == 0, restored.stderr
    listed = cli(profile, new_keys, "ledger")
    assert listed.returncode == 0, listed.stderr
    assert cli(profile, new_keys, "check").returncode == 0


def test_check_warns_when_the_key_is_in_the_fallback_file(tmp_path):
    keys = tmp_path / "cfg" / "keys.json"
    assert cli(tmp_path / "p", keys, "demo", "--dossiers", "1").returncode == 0
    checked = cli(tmp_path / "p", keys, "check")
    assert checked.returncode == 0, checked.stderr
    assert "không có kho khóa của hệ điều hành" in checked.stderr and str(keys) in checked.stderr
    report = json.loads(checked.stdout)
    assert report["key_store_fallback"] is True


def test_a_file_that_is_not_a_recovery_key(tmp_path):
    keys = tmp_path / "keys.json"
    assert cli(tmp_path / "p", keys, "demo", "--dossiers", "1").returncode == 0
    (tmp_path / "notes.txt").write_text("xin chào\n", encoding="utf-8")
    out = cli(tmp_path / "p", keys, "restore", "--recovery-key", str(tmp_path / "notes.txt"),
              str(tmp_path / "p" / "counter.sqlite3"))
    assert out.returncode == 1 and "không phải tệp khóa khôi phục" in out.stderr and "Traceback" not in out.stderr


def test_a_restore_with_the_recovery_key_keeps_the_numbers_of_the_file_it_sets_aside(tmp_path):
    """The newest database (under key A) is brought to a machine whose key store holds another
    key (B), without the profile's number marks; an older backup is restored with A's recovery
    key. The file set aside is read with A, so no code it holds is given again."""
    home, moved = tmp_path / "quay1", tmp_path / "quay1-may-moi"
    home_keys, new_keys = tmp_path / "home" / "keys.json", tmp_path / "new" / "keys.json"
    assert cli(home, home_keys, "demo", "--dossiers", "3").returncode == 0
    backup = tmp_path / "usb" / "counter-20260310-170000-manual.sqlite3"
    backup.parent.mkdir()
    assert cli(home, home_keys, "backup", "-o", str(backup)).returncode == 0

    def receive(profile: Path, keys: Path, name: str) -> str:
        draft = {"procedure_code": "1.001193", "applicant_name": name, "id_number": "079190099887",
                 "address": "Số 9 Hùng Vương, phường Thuận Hóa, Huế", "officer": "canbo1"}
        env = dict(os.environ, PYTHONIOENCODING="utf-8", COUNTER_KEYRING_FILE=str(keys),
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", COUNTER_OFFICER_PASSWORD=DEMO_PASSWORD)
        done = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), "receive"],
                              input=json.dumps(draft, ensure_ascii=False), capture_output=True, text=True,
                              encoding="utf-8", env=env, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["code"]

    given = {receive(home, home_keys, n) for n in ("Tôn Nữ Diễm Kiều", "Âu Dương Phong")}  # after the backup
    assert cli(home, home_keys, "recovery-key", "--out", str(tmp_path / "a.key"), "--admin", "admin",
               password=DEMO_PASSWORD).returncode == 0
    moved.mkdir()
    (moved / "counter.sqlite3").write_bytes((home / "counter.sqlite3").read_bytes())  # the file alone
    restored = cli(moved, new_keys, "restore", "--recovery-key", str(tmp_path / "a.key"), str(backup))
    assert restored.returncode == 0, restored.stderr
    listed = {row["code"] for row in json.loads(cli(moved, new_keys, "ledger").stdout)}
    assert not given & listed  # the backup is older than them
    after = {receive(moved, new_keys, n) for n in ("Lạc Thị Vân", "Khổng Minh Triết")}
    assert not after & given, (after, given)
    assert max(int(c.rsplit("-", 1)[1]) for c in after) > max(int(c.rsplit("-", 1)[1]) for c in given)
    assert cli(moved, new_keys, "check").returncode == 0
