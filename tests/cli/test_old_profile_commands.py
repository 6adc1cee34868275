"""`old-profile`: an adopted 0.1 profile left in clear is shown, refused without an
administrator, and removed by one once the shared profile holds its dossiers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counter_app.store.db import open_store
from counter_app.services.demo import DEMO_PASSWORD
from tests.core.test_old_profile import _old_profile

ROOT = Path(__file__).resolve().parents[2]


def cli(profile: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("COUNTER_ADMIN_PASSWORD", None)
    if password is not None:
        env["COUNTER_ADMIN_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, cwd=ROOT,
                          stdin=subprocess.DEVNULL)


def test_shown_then_removed_by_an_administrator(tmp_path, make_draft):
    legacy, machine = _old_profile(tmp_path, make_draft)
    open_store(machine).dispose()  # the first start encrypts the shared copy
    shown = cli(machine, "old-profile", "--folder", str(legacy))
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["old_profile"]["plain_database"] is True
    assert "chưa mã hóa" in shown.stderr and str(legacy) in shown.stderr and "old-profile --remove" in shown.stderr

    no_admin = cli(machine, "old-profile", "--folder", str(legacy), "--remove")
    assert no_admin.returncode == 2 and legacy.exists()
    not_admin = cli(machine, "old-profile", "--folder", str(legacy), "--remove", "--admin", "canbo1",
                    password=DEMO_PASSWORD)
    assert not_admin.returncode == 1 and legacy.exists() and "Traceback" not in not_admin.stderr

    removed = cli(machine, "old-profile", "--folder", str(legacy), "--remove", "--admin", "admin",
                  password=DEMO_PASSWORD)
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout)["dossiers_checked"] == 1 and not legacy.exists()
    again = cli(machine, "old-profile", "--folder", str(legacy))
    assert again.returncode == 0 and json.loads(again.stdout) == {"old_profile": None}
    assert cli(machine, "check").returncode == 0
