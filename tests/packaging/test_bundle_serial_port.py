"""The scanner's serial mode is in the bundle: QtSerialPort is not excluded, its module is found
(the bundle's selftest imports every ui module, ui.serial_scanner with QtSerialPort among them)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))

import bundle_manifest  # noqa: E402


def test_qtserialport_goes_into_the_bundle():
    assert "PySide6.QtSerialPort" not in bundle_manifest.EXCLUDES
    assert not any("SerialPort" in marker for marker in bundle_manifest.EXCLUDED_LIBRARY_MARKERS)
    assert "ui.serial_scanner" in bundle_manifest.hidden_imports()
