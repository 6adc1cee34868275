"""The window's pages tell Vietnam time on a PC set to another zone.

Runs tests/ui/vn_time_child.py in a child pytest with TZ set and the clock moved by
libfaketime (Debian's ``faketime``) to a chosen instant: 07:48 UTC (14:48 in Vietnam), and
17:30 UTC (00:30 the next day in Vietnam, while the PC's own date is still the day before).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("vn_time_child.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian) is not installed")


@pytest.mark.parametrize(("zone", "instant"), [
    ("UTC", datetime(2026, 3, 10, 7, 48, tzinfo=UTC)),
    ("UTC", datetime(2026, 3, 10, 17, 30, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 10, 17, 30, tzinfo=UTC)),
])
def test_pages_show_vietnam_time_whatever_the_pc_zone(zone, instant):
    vn = (instant + timedelta(hours=7)).replace(tzinfo=None)
    offset = math.ceil(instant.timestamp() - time.time())
    env = dict(os.environ, TZ=zone, COUNTER_TEST_VN_NOW=f"{vn:%Y-%m-%d %H:%M}", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        ["faketime", "-f", f"{offset:+d}s", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(CHILD)],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
