"""One copy of the window per profile, and no restore under a running window: real processes.

The first window holds ``<profile>/counter-app.lock`` (QLockFile); a second start on the same
profile asks it to come to the front and exits; a copy that cannot answer is named in a
Vietnamese message; ``counter-app restore`` refuses while a window holds the profile and goes
ahead once the holder is gone, even when it was killed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app.store.backup import SET_ASIDE_DIR
from counter_app.store.db import DB_FILENAME
from ui.instance import ask_first_to_raise, claim_profile, lock_path

ROOT = Path(__file__).resolve().parents[2]


def env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")


def cli(profile: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=env(), timeout=timeout)


@pytest.fixture
def demo_profile(tmp_path):
    profile = tmp_path / "hồ sơ quầy 1"
    assert cli(profile, "demo", "--dossiers", "3").returncode == 0
    made = cli(profile, "backup")
    assert made.returncode == 0, made.stderr
    return profile


def wait_until(condition, timeout: float, what: str) -> None:
    """Wait for a condition another process makes true (there is no signal across processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def holder(demo_profile):
    """A child process holding the profile's lock with no window to bring forward."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.ui.lock_holder", str(demo_profile)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", env=env())
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_a_second_window_on_the_profile_brings_the_first_forward_and_exits(demo_profile):
    first = subprocess.Popen([sys.executable, "-m", "ui.cli.main", "--profile", str(demo_profile)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    try:
        # Ready when its event loop answers (a socket accepts connections before that).
        wait_until(lambda: ask_first_to_raise(demo_profile) or first.poll() is not None, 120, "the first window")
        assert first.poll() is None, first.stderr.read().decode("utf-8", "replace")
        assert lock_path(demo_profile).exists()
        second = cli(demo_profile, timeout=20)
        assert second.returncode == 0, second.stderr
        assert "đã đưa cửa sổ đó lên trước" in second.stderr
        assert first.poll() is None  # the first copy still runs, untouched
        refused = cli(demo_profile, "restore", "--newest")
        assert refused.returncode == 1
        assert "Không thể khôi phục" in refused.stderr and str(first.pid) in refused.stderr
        assert not (demo_profile / SET_ASIDE_DIR).exists()
    finally:
        first.kill()  # as Task Manager would: the lock is left behind, its holder dead
        first.wait(timeout=30)
    restored = cli(demo_profile, "restore", "--newest")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["set_aside"]


def test_a_copy_that_cannot_answer_is_named_in_a_message(qapp, demo_profile, holder):
    told: list[str] = []
    assert claim_profile(demo_profile, told.append) is None
    assert len(told) == 1
    assert "đã đang mở trên thư mục dữ liệu" in told[0] and str(holder.pid) in told[0]
    assert str(demo_profile) in told[0]


def test_restore_is_refused_while_the_profile_is_held_and_nothing_moves(demo_profile, holder):
    db = demo_profile / DB_FILENAME
    before = db.read_bytes()
    result = cli(demo_profile, "restore", "--newest")
    assert result.returncode == 1
    assert "Không thể khôi phục: phần mềm tiếp nhận hồ sơ đang mở" in result.stderr
    assert str(holder.pid) in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert not (demo_profile / SET_ASIDE_DIR).exists()
    assert not list(demo_profile.glob("*.restoring"))
    holder.stdin.close()
    holder.wait(timeout=30)
    result = cli(demo_profile, "restore", "--newest")
    assert result.returncode == 0, result.stderr


def test_the_lock_is_free_again_once_the_holder_has_gone(qapp, demo_profile, holder):
    holder.stdin.close()
    holder.wait(timeout=30)
    lock = claim_profile(demo_profile, lambda text: pytest.fail(text))
    assert lock is not None and lock.isLocked()
    lock.unlock()
