"""The window's start on a machine-wide profile whose key is still in another Windows account's
key store: a message box saying what to do, exit code 1, no traceback (the real start, in a
child process; the modal box is replaced by one that prints what it would show)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import sys
from PySide6.QtWidgets import QMessageBox

def shown(parent, title, text, *args, **kwargs):
    print("BOX", title, "|", text, flush=True)
    return QMessageBox.StandardButton.Ok

QMessageBox.critical = staticmethod(shown)
from ui.cli.main import main
sys.exit(main(["--profile", sys.argv[1]]))
"""


def _env(tmp_path: Path, who: str, scope: str) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8", COUNTER_KEY_SCOPE=scope,
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
                COUNTER_KEYRING_FILE=str(tmp_path / "users" / who / "keys.json"),
                COUNTER_MACHINE_KEYS=str(tmp_path / "keys"))


def test_the_window_says_the_key_is_in_another_accounts_store(tmp_path):
    profile = tmp_path / "profile"
    made = subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), "demo", "--dossiers", "1"],
                          capture_output=True, encoding="utf-8", text=True, env=_env(tmp_path, "a", "user"),
                          cwd=ROOT, timeout=300)
    assert made.returncode == 0, made.stderr
    started = subprocess.run([sys.executable, "-c", _CHILD, str(profile)], capture_output=True, encoding="utf-8",
                             text=True, env=_env(tmp_path, "b", "machine"), cwd=ROOT, timeout=300)
    assert started.returncode == 1, started.stdout + started.stderr
    assert "Traceback" not in started.stderr
    box = [line for line in started.stdout.splitlines() if line.startswith("BOX")]
    assert len(box) == 1 and "Không mở được dữ liệu" in box[0]
    assert "chưa được chuyển vào kho khóa chung" in box[0] and "mở phần mềm một lần" in box[0]
    assert not list((tmp_path / "keys").glob("*.key"))  # nothing made for B
