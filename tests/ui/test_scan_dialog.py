"""The digitising dialog: pages from a network scanner's folder, from files and from SANE's test
scanner, put in order, turned, removed and scanned again with one key each, then saved as the
document's PDF/A; the card then says the document is digitised."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from counter_app.capture import ScanSettings
from counter_app.store.document_files import DocumentFiles
from counter_app.capture.folder import WatchedFolder
from counter_app.capture.sane import SaneScanner
from counter_app.store.lookup import lookup
from counter_app.services.digitising import document_scans
from counter_app.services.receiving import receive
from tests.core.pages import save, text_page
from tests.pdfcheck import page_count, rasterise
from ui.card.scan_dialog import DigitiseDialog
from ui.context import AppContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

NOW = datetime(2026, 3, 10, 9, 30)


@pytest.fixture
def ctx(store, profile_dir):
    context = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id="canbo2")
    yield context
    context.tasks.wait_all()


@pytest.fixture
def card(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 0))
    return lookup(store, receipt.code, now=NOW)


def _open(qtbot, ctx, card, scanner, settings=ScanSettings(remove_blank=False)) -> DigitiseDialog:
    dialog = DigitiseDialog(ctx, card, scanner, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.status.text() == "Chưa số hóa.", timeout=5000)
    return dialog


def test_pages_are_put_in_order_turned_removed_and_saved_with_one_key_each(qtbot, ctx, card, store, profile_dir,
                                                                          tmp_path):
    inbox = tmp_path / "may-quet"
    inbox.mkdir()
    folder = WatchedFolder(inbox)
    dialog = _open(qtbot, ctx, card, folder)
    dialog.add_files([save(text_page([f"Trang {i}"]), tmp_path / f"{i}.jpg", "JPEG") for i in (1, 2, 3)])
    assert dialog.list.count() == 3
    save(text_page(["Trang 4 từ máy quét mạng"]), inbox / "scan.jpg", "JPEG")
    folder.ready()  # the folder saw the file once; F5 takes it when its size has not changed
    qtbot.keyClick(dialog.list, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog.list.count() == 4, timeout=10000)
    assert (inbox / "da-nhap" / "scan.jpg").exists()
    dialog.list.setCurrentRow(1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_R)              # page 2 turned a quarter, clockwise
    assert dialog.pages[1].image.size == (2339, 1654)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # …and made page 1
    assert dialog.list.currentRow() == 0 and dialog.pages[0].image.size == (2339, 1654)
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)         # "Trang 3" removed
    assert dialog.list.count() == 3
    with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
        qtbot.keyClick(dialog.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    result = saved.args[0]
    assert result.pages == 3
    pdf = DocumentFiles(profile_dir).read(result.sha256)
    assert page_count(pdf) == 3
    first = rasterise(pdf, 0, dpi=50)
    assert first.width > first.height  # the turned page is stored turned
    assert [s.pages for s in document_scans(store, card.code)][:1] == [3]


@pytest.mark.skipif(shutil.which("scanimage") is None, reason="sane-utils is not installed")
def test_one_page_is_scanned_again_in_place(qtbot, ctx, card, tmp_path):
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    scanner = SaneScanner(env={"SANE_CONFIG_DIR": str(conf)}, extra_args=("--test-picture", "Grid"))
    dialog = _open(qtbot, ctx, card, scanner, ScanSettings(device="test:0", resolution=150, remove_blank=False))
    dialog.add_files([save(text_page([f"Trang {i}"]), tmp_path / f"{i}.png", "PNG") for i in (1, 2)])
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "Đã quét lại trang 1" in dialog.status.text(), timeout=20000)
    assert dialog.list.count() == 2
    assert dialog.pages[0].dpi == 150 and dialog.pages[0].image.size[0] == pytest.approx(1181, abs=2)
    assert dialog.pages[1].image.size == (1654, 2339)


def test_a_bad_file_is_said_in_the_dialog(qtbot, ctx, card, tmp_path):
    dialog = _open(qtbot, ctx, card, WatchedFolder(tmp_path))
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7 cut")
    dialog.add_files([bad])
    assert dialog.list.count() == 0 and "hong.pdf" in dialog.status.text()
