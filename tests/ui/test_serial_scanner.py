"""The scanner on a serial port (USB-COM mode), read through QtSerialPort from a real
pseudo-terminal: the test writes to the master side what a scanner sends on the wire."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from counter_app.store import settings
from counter_app.services.receiving import receive
from ui.app import build_window
from ui.card.wiring import SCANNER_STATUS
from ui.context import AppContext
from ui.serial_scanner import SerialScanReader, decode_line
from ui.tasks import TaskRunner

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminals are POSIX"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),  # offscreen platform only
]

CODE = "000.00.14.H56-260310-0001"


class FakeScanner:
    """A pseudo-terminal standing for the scanner's USB-COM port at a fixed path (a symlink,
    as a COM port keeps its name): ``unplug()`` takes the port away, ``plug()`` brings a
    new one back under the same name."""

    def __init__(self, folder: Path):
        self.path = folder / "ttyScanner"
        self.master: int | None = None
        self.slave: int | None = None
        self.plug()

    def plug(self) -> None:
        self.master, self.slave = os.openpty()
        os.symlink(os.ttyname(self.slave), self.path)

    def unplug(self) -> None:
        self.path.unlink()
        os.close(self.master)  # the reader's next read fails: the device is gone
        os.close(self.slave)
        self.master = self.slave = None

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.master is not None:
            self.unplug()


@pytest.fixture
def scanner_port(tmp_path):
    port = FakeScanner(tmp_path)
    yield port
    port.close()


@pytest.fixture
def reader(qtbot, scanner_port):
    made: list[SerialScanReader] = []

    def make(terminator="cr", retry_ms=50):
        r = SerialScanReader(str(scanner_port.path), 9600, terminator, retry_ms=retry_ms)
        made.append(r)
        r.start()
        return r

    yield make
    for r in made:
        r.stop()


def test_a_code_and_its_terminator_are_one_scan(qtbot, reader, scanner_port):
    r = reader()
    assert r.connected and "đã kết nối" in r.status
    with qtbot.waitSignal(r.text_scanned, timeout=5000) as got:
        scanner_port.send(CODE.encode() + b"\r")
    assert got.args == [CODE]


def test_a_code_in_pieces_crlf_and_lf_framing(qtbot, reader, scanner_port):
    r = reader(terminator="lf")
    lines: list[str] = []
    r.text_scanned.connect(lines.append)
    with qtbot.waitSignal(r.port.readyRead, timeout=5000):  # the first piece arrives alone…
        scanner_port.send(b"000.00.14.")
    assert lines == []                                        # …and is kept for the rest
    scanner_port.send(b"H56-260310-0001\r\n" + CODE.lower().encode() + b"\n")
    qtbot.waitUntil(lambda: len(lines) == 2, timeout=5000)
    assert lines == [CODE, CODE.lower()]


def test_a_cccd_qr_code_keeps_its_vietnamese_letters(qtbot, reader, scanner_port):
    r = reader()
    qr = "001099012345||Đặng Văn Đức|01011990|Nam|Thôn 1, Xã Phước Hòa|01012021"
    with qtbot.waitSignal(r.text_scanned, timeout=5000) as got:
        scanner_port.send(qr.encode("utf-8") + b"\r")
    assert got.args == [qr]


def test_bytes_that_are_not_utf8_do_not_raise():
    assert decode_line(b"\xef\xbb\xbfABC\r\n") == "ABC"
    assert decode_line(b"\xd0\xe3ng") == "Đăng"  # Windows-1258


def test_a_port_that_disappears_is_reconnected_and_the_status_says_so(qtbot, reader, scanner_port):
    r = reader()
    statuses: list[tuple[str, bool]] = []
    r.status_changed.connect(lambda text, ok: statuses.append((text, ok)))
    scanner_port.unplug()
    qtbot.waitUntil(lambda: not r.connected, timeout=5000)
    assert "Mất kết nối máy quét cổng" in statuses[0][0] and statuses[0][1] is False
    scanner_port.plug()
    qtbot.waitUntil(lambda: r.connected, timeout=5000)
    assert statuses[-1] == (f"Máy quét cổng {scanner_port.path}: đã kết nối.", True)
    with qtbot.waitSignal(r.text_scanned, timeout=5000) as got:
        scanner_port.send(CODE.encode() + b"\r")
    assert got.args == [CODE]


def test_a_port_missing_at_start_is_waited_for(qtbot, tmp_path):
    path = tmp_path / "ttyUSB9"
    r = SerialScanReader(str(path), retry_ms=50)
    r.start()
    try:
        assert not r.connected and "không mở được" in r.status
        master, slave = os.openpty()
        os.symlink(os.ttyname(slave), path)
        qtbot.waitUntil(lambda: r.connected, timeout=5000)
        os.close(master)
        os.close(slave)
    finally:
        r.stop()


def test_no_port_chosen_says_so():
    r = SerialScanReader("  ")
    r.start()
    assert not r.connected and "chưa chọn cổng" in r.status


def test_a_serial_scan_opens_the_dossier_in_the_running_window(qtbot, store, profile_dir, make_draft,
                                                              scanner_port):
    """The administrator chose the serial port: the window reads it, a code sent on the wire
    opens the dossier's card, and the keyboard is left alone (keys are not held back)."""
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    with store.write() as session:
        settings.set_setting(session, "scanner.mode", "serial")
        settings.set_setting(session, "scanner.serial.port", str(scanner_port.path))
    ctx = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo2")
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: getattr(window, "serial_scanner", None) is not None
                    and window.serial_scanner.connected, timeout=10_000)
    assert window.scan_filter.keyboard_wedge is False
    label = window.statusBar().findChild(QLabel, SCANNER_STATUS)
    assert label.isVisible() and label.text().endswith("đã kết nối.")
    page = window.card_page
    with qtbot.waitSignal(page.card_shown, timeout=10_000) as shown:
        scanner_port.send(f" {receipt.code.lower()}\r".encode())
    assert shown.args[0].code == receipt.code
    assert window.tabs.currentWidget() is page

    scanner_port.unplug()  # the scanner's cable pulled: the status bar says so
    qtbot.waitUntil(lambda: "Mất kết nối" in label.text(), timeout=5000)
    window.serial_scanner.stop()
    window.close()
    ctx.tasks.wait_all()


def test_saving_the_keyboard_mode_closes_the_port(qtbot, store, profile_dir, scanner_port):
    from ui.startup import apply_saved_settings

    with store.write() as session:
        settings.set_setting(session, "scanner.mode", "serial")
        settings.set_setting(session, "scanner.serial.port", str(scanner_port.path))
    ctx = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="admin")
    window = build_window(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "serial_scanner", None) is not None
                    and window.serial_scanner.connected, timeout=10_000)
    reader = window.serial_scanner
    apply_saved_settings(window, {"scanner.mode": ["serial", "wedge"]})
    assert window.serial_scanner is None and not reader.connected and reader.port is None
    assert window.scan_filter.keyboard_wedge is True
    assert not window.statusBar().findChild(QLabel, SCANNER_STATUS).isVisible()
    window.close()
    ctx.tasks.wait_all()
