"""`counter-app backup-location` sets the backup folder (an administrator; checked), `check`
reports where backups are, and the default profile follows COUNTER_PROFILE and XDG."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from counter_app.services import auth
from counter_app.store import backup, settings
from counter_app.store.db import DB_FILENAME
from ui.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def admin_store(store, monkeypatch):
    with store.write() as session:
        settings.find_officer(session, "admin").password_hash = auth.hash_password("quantri-2026")
    monkeypatch.setenv("COUNTER_ADMIN_PASSWORD", "quantri-2026")
    store.dispose()
    return store


def _run(capsys, profile_dir, *argv):
    code = main(["--profile", str(profile_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_and_backup_location_warn_while_backups_are_inside_the_profile(admin_store, profile_dir, capsys):
    code, out, err = _run(capsys, profile_dir, "check")
    assert code == 0  # a warning, not a failure of the data
    place = json.loads(out)["backup_location"]
    assert place["placement"] == "not_set" and place["folder"] == str(profile_dir / "backups")
    assert "cùng ổ đĩa với dữ liệu" in err and "counter-app backup-location" in err
    code, out, err = _run(capsys, profile_dir, "backup-location")
    assert code == 0 and json.loads(out)["placement"] == "not_set"


def test_an_administrator_sets_a_checked_folder_and_the_backups_go_there(admin_store, profile_dir, tmp_path, capsys):
    target = tmp_path / "ổ D" / "Sao lưu"
    code, _, err = _run(capsys, profile_dir, "backup-location", str(target), "--admin", "admin")
    assert code == 2 and "không tồn tại" in err
    code, _, err = _run(capsys, profile_dir, "backup-location", str(profile_dir), "--admin", "admin")
    assert code == 2 and "nằm trong thư mục dữ liệu" in err
    code, _, err = _run(capsys, profile_dir, "backup-location", str(tmp_path))
    assert code == 2 and "--admin" in err
    target.mkdir(parents=True)
    code, out, err = _run(capsys, profile_dir, "backup-location", str(target), "--admin", "admin")
    assert code == 0, err
    # tmp_path shares the profile's file system here: said as such, by st_dev
    assert json.loads(out) == {"folder": str(target), "placement": "same_disk", "warning": err.strip()}
    code, out, _ = _run(capsys, profile_dir, "backup")
    assert code == 0 and Path(json.loads(out)["file"]).parent == target
    assert (profile_dir / "backup-folder.txt").read_text(encoding="utf-8").strip() == str(target)
    code, out, err = _run(capsys, profile_dir, "backup-location", "--default", "--admin", "admin")
    assert code == 0 and json.loads(out)["placement"] == "not_set"
    assert target in backup.candidate_folders(profile_dir)  # its backups are still found for a restore


def test_the_default_profile_follows_counter_profile_then_xdg(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("COUNTER_PROFILE", "XDG_DATA_HOME")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"))

    def demo(extra: dict) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ui.cli.main", "demo", "--dossiers", "0"], cwd=ROOT,
                              env={**env, **extra}, capture_output=True, text=True, encoding="utf-8", timeout=120)

    result = demo({})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xdg" / "counter-app" / DB_FILENAME).is_file()
    result = demo({"COUNTER_PROFILE": str(tmp_path / "Quầy 2")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Quầy 2" / DB_FILENAME).is_file()


def _old_profile(folder: Path) -> None:
    from counter_app.store.db import open_store

    store = open_store(folder)
    store.dispose()


def test_the_start_adopts_an_old_profile_and_says_so_or_refuses_and_keeps_it(tmp_path):
    from counter_app.store.profile_place import MOVED_NOTE, Action, ProfilePlace, Source
    from counter_app.domain.errors import CounterError
    from ui.cli.main import resolve_profile

    legacy, machine = tmp_path / "Local" / "counter" / "counter-app", tmp_path / "ProgramData" / "CounterApp" / "profile"
    _old_profile(legacy)
    adopt = ProfilePlace(machine, Source.DEFAULT, Action.ADOPT, legacy)
    # the copy cannot be made (the PC's folder is blocked by a file): refused, the old one intact
    blocker = tmp_path / "blocked"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(CounterError) as info:
        resolve_profile(None, None, choose=lambda _o: ProfilePlace(blocker / "profile", Source.DEFAULT, Action.ADOPT,
                                                                  legacy))
    assert "Dữ liệu cũ vẫn nguyên vẹn" in str(info.value) and f'--profile "{legacy}"' in str(info.value)
    assert not (legacy / MOVED_NOTE).exists()
    # the command that needs no profile leaves everything alone
    assert resolve_profile(None, "selftest", choose=lambda _o: adopt) == (machine, [])
    assert not machine.exists()
    profile, notices = resolve_profile(None, "ledger", choose=lambda _o: adopt)
    assert profile == machine and (machine / DB_FILENAME).is_file() and (legacy / MOVED_NOTE).is_file()
    assert len(notices) == 1 and str(legacy) in notices[0] and str(machine) in notices[0]
    assert "không bị xoá" in notices[0]
    left = ProfilePlace(machine, Source.DEFAULT, Action.LEGACY_LEFT, legacy)
    profile, notices = resolve_profile(None, None, choose=lambda _o: left)
    assert profile == machine and "không được dùng" in notices[0] and str(legacy) in notices[0]
