"""The status bar shows the scans travelling and what is left (issue 17, item 3): progress
from a real round against the real reference server, delivered on the GUI thread."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select

from counter_app.store.models import Dossier, DossierAttachment
from counter_app.services.digitising import attach_files
from tests.core.pages import save, text_page
from ui.sync_status import SyncRunner, SyncStatusWidget
from ui.tasks import TaskRunner

AT = datetime(2026, 3, 10, 9, 0)


def _scan_documents(ws, tmp_path, positions=(1, 2)) -> None:
    with ws.store.read() as s:
        code = s.scalar(select(Dossier.code))
    for position in positions:
        files = [save(text_page([f"Giấy tờ {position}, trang {i}: Nguyễn Văn An"] * 25, noise=24, seed=10 * position + i),
                      tmp_path / f"{position}-{i}.tif", "TIFF") for i in range(2)]
        attach_files(ws.store, ws.profile_dir, code, position, files, now=AT)


def test_a_round_reports_each_scan_sent_on_the_gui_thread(qtbot, server, server_store, make_workstation, tmp_path):
    ws = make_workstation(1)
    ws.receive_many(1)
    _scan_documents(ws, tmp_path)
    ws.enroll(server.url, server_store)
    with ws.store.read() as s:
        total = sum(s.scalars(select(DossierAttachment.size_bytes)))
    tasks = TaskRunner()
    runner = SyncRunner(ws.engine(), tasks.run, interval_ms=3_600_000)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    seen, texts, threads = [], [], []

    def on_progress(progress):
        threads.append(threading.current_thread() is threading.main_thread())
        seen.append((progress.files_done, progress.files_total, progress.bytes_done, progress.bytes_total))
        widget.show_files(progress)
        texts.append(widget.text())

    runner.files_progress.connect(on_progress)
    runner.status_changed.connect(widget.show_result)
    with qtbot.waitSignal(runner.status_changed, timeout=60_000) as got:
        runner.wake()
    tasks.wait_all()
    assert got.args[0].files_uploaded == 2 and got.args[0].files_pending == 0
    assert all(threads)  # emitted on the round's thread, delivered on the GUI thread
    assert seen[0] == (0, 2, 0, total) and seen[-1] == (2, 2, total, total)
    assert [s[2] for s in seen] == sorted(s[2] for s in seen)  # never goes back
    assert any(s[0] == 1 for s in seen)
    assert texts[0].endswith("Đang gửi bản quét: 0/2 tệp (0%)")
    assert "Bản quét" not in widget.text()  # all sent: nothing to say


def test_scans_waiting_are_shown_even_when_the_round_cannot_reach_the_province(qtbot, make_workstation, tmp_path):
    ws = make_workstation(1)
    ws.receive_many(1)
    _scan_documents(ws, tmp_path, positions=(1,))
    result = ws.engine().run_once(force=True)  # not enrolled: no round at all
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show_result(result)
    assert result.files_pending == 1
    assert widget.text().startswith("Chưa đăng ký máy chủ tỉnh · Chờ gửi: ")
    assert widget.text().endswith("Bản quét chờ gửi: 1")
