"""Saving a PDF or a workbook over a file that cannot be written says so and offers another name.

On Windows the usual cause is the file being open in Foxit, Acrobat or Excel (PermissionError);
here a folder standing where the file should go makes the same real failure of the final
rename. Nothing is half written, no ``.part`` file is left, and the offered name works.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from counter_app.services.receiving import receive
from ui.context import AppContext
from ui.file_saving import SaveProblemBox, cannot_save_text, free_name, write_whole
from ui.logbook.view import LogbookView
from ui.tasks import TaskRunner

NOW = datetime(2026, 3, 11, 10, 0)


def unwritable(path: Path) -> Path:
    """Make *path* impossible to replace with a file: a non-empty folder of that name."""
    path.mkdir()
    (path / "giữ chỗ.txt").write_text("x", encoding="utf-8")
    return path


@pytest.fixture
def ctx(store, qtbot):
    tasks = TaskRunner()
    context = AppContext(profile_dir=store.path.parent, store=store, tasks=tasks)
    yield context
    tasks.wait_all()


@pytest.fixture
def view(qtbot, ctx, store, make_draft):
    receive(store, make_draft(applicant_name="Đặng Văn Đức", received_at=datetime(2026, 3, 11, 8, 0)), "canbo1")
    widget = LogbookView(ctx, clock=lambda: NOW)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=10_000)
    return widget


def test_write_whole_leaves_the_target_and_no_part_file_when_it_fails(tmp_path):
    target = unwritable(tmp_path / "phiếu.pdf")
    with pytest.raises(OSError):
        write_whole(target, b"%PDF-1.4 new")
    assert target.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["phiếu.pdf"]
    ok = write_whole(tmp_path / "khác.pdf", b"%PDF-1.4 new")
    assert ok.read_bytes() == b"%PDF-1.4 new"


def test_a_file_held_by_another_program_is_named_as_such(tmp_path):
    held = PermissionError(13, "The process cannot access the file because it is being used by another process")
    text = cannot_save_text(tmp_path / "sổ.xlsx", held)
    assert "Không lưu được tệp" in text and "sổ.xlsx" in text and "Excel" in text and "Acrobat" in text
    (tmp_path / "sổ (2).xlsx").write_bytes(b"")
    assert free_name(tmp_path / "sổ.xlsx") == tmp_path / "sổ (3).xlsx"


def test_xlsx_export_over_an_unwritable_file_offers_another_name(qtbot, view, tmp_path):
    from openpyxl import load_workbook

    target = unwritable(tmp_path / "sổ theo dõi.xlsx")
    messages = []
    view.message_changed.connect(messages.append)
    view.export_to(target)
    qtbot.waitUntil(lambda: isinstance(getattr(view, "save_problem_box", None), SaveProblemBox), timeout=20_000)
    box = view.save_problem_box
    assert box.isVisible()
    assert "Không lưu được tệp" in box.text() and "sổ theo dõi.xlsx" in box.text()
    assert any("Không lưu được tệp" in m for m in messages)
    assert box.save_as_button.text() == "Lưu thành sổ theo dõi (2).xlsx"
    assert not list(tmp_path.glob("*.part"))
    with qtbot.waitSignal(view.exported, timeout=20_000) as blocker:
        box.save_as_button.click()
    saved = Path(blocker.args[0])
    assert saved == tmp_path / "sổ theo dõi (2).xlsx"
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert "Đặng Văn Đức" in rows[1]  # the dossier's line, whatever the column order of Mẫu 07


def test_pdf_save_from_the_print_preview_over_an_unwritable_file_offers_another_name(qtbot, view, tmp_path):
    view.print_logbook()
    qtbot.waitUntil(lambda: view.preview_dialog is not None, timeout=20_000)
    target = unwritable(tmp_path / "sổ.pdf")
    view.preview_dialog.save_requested.emit(str(target))
    box = view.preview_dialog.save_problem_box
    assert box.isVisible() and "sổ.pdf" in box.text()
    cancel = box.cancel_button
    cancel.click()
    assert not (tmp_path / "sổ (2).pdf").exists()
    view.preview_dialog.save_requested.emit(str(target))
    view.preview_dialog.save_problem_box.save_as_button.click()
    assert (tmp_path / "sổ (2).pdf").read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.part"))
    view.preview_dialog.reject()
