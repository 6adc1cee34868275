"""Editing a dossier after receipt from its card: a supervisor's act, with a reason, optionally
reissuing the receipt slip through the print controller."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from counter_app.domain.enums import EventKind
from counter_app.domain.lifecycle import Action
from counter_app.store.models import Dossier, DossierEvent, OutboxItem, PrintJob
from counter_app.services import actions
from counter_app.services.receiving import receive
from tests.pdfcheck import all_text, flat
from tests.ui.keys import type_text
from ui.card.history_model import detail_text
from ui.card.view import CardView
from ui.context import AppContext
from ui.printing.controller import PrintController
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only

RECEIVED = datetime(2026, 3, 10, 9, 0)
NOW = datetime(2026, 3, 10, 10, 0)


def _view(qtbot, store, profile_dir, officer_id):
    ctx = AppContext(profile_dir=profile_dir, store=store, tasks=TaskRunner(), officer_id=officer_id)
    beeps: list[int] = []
    view = CardView(ctx, clock=lambda: NOW, alert=lambda: beeps.append(1))
    qtbot.addWidget(view)
    view.beeps = beeps
    return view


@pytest.fixture
def officer_view(qtbot, store, profile_dir):
    view = _view(qtbot, store, profile_dir, "canbo2")
    yield view
    view.ctx.tasks.wait_all()


@pytest.fixture
def supervisor_view(qtbot, store, profile_dir):
    view = _view(qtbot, store, profile_dir, "giamsat")
    yield view
    view.ctx.tasks.wait_all()


def _open(qtbot, view, code):
    with qtbot.waitSignal(view.card_shown, timeout=5000):
        view.open_code(code)
    assert view.edit_button is not None and view.edit_button.text() == "Sửa hồ sơ…"
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.edit_dialog is not None and view.edit_dialog.isVisible(), timeout=5000)
    return view.edit_dialog


def _replace(widget, text):
    widget.clear()
    type_text(widget, text)


def _counts(store, dossier_id):
    with store.read() as s:
        events = s.scalar(select(func.count()).select_from(DossierEvent).where(DossierEvent.dossier_id == dossier_id))
        outbox = s.scalar(select(func.count()).select_from(OutboxItem))
        d = s.get(Dossier, dossier_id)
        return events, outbox, d.version, d.phone, d.representative_name


def test_the_dialog_is_pre_filled_with_the_applicants_fields(qtbot, officer_view, store, make_draft):
    receipt = receive(store, make_draft(representative_name="Trần Thị Bình", email="an@example.vn",
                                        note="Nộp thay"), "canbo1", now=RECEIVED)
    dialog = _open(qtbot, officer_view, receipt.code)
    f = dialog.fields
    assert (f["applicant_name"].text(), f["id_kind"].currentData(), f["id_number"].text(), f["phone"].text(),
            f["email"].text(), f["address"].text(), f["representative_name"].text(),
            f["note"].toPlainText(), f["reason"].text()) == (
        "Nguyễn Văn An", "cccd", "001092012345", "0912345678", "an@example.vn",
        "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng", "Trần Thị Bình", "Nộp thay", "")
    assert not dialog.reissue.isChecked()
    assert dialog.isModal() is True and dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()


def test_an_officer_is_refused_with_the_services_message_and_nothing_changes(qtbot, officer_view, store,
                                                                              make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    before = _counts(store, receipt.id)
    dialog = _open(qtbot, officer_view, receipt.code)
    _replace(dialog.fields["phone"], "0987654321")
    type_text(dialog.fields["reason"], "Nhập nhầm số điện thoại")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    expected = "Sửa hồ sơ sau khi tiếp nhận: cần quyền giám sát"
    qtbot.waitUntil(lambda: expected in dialog.message.text(), timeout=5000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()       # kept for a cancel
    assert expected in officer_view.message.text() and officer_view.beeps == [1]
    assert _counts(store, receipt.id) == before == (1, 1, 1, "0912345678", None)


def test_the_reason_is_required_and_bad_values_are_shown_beside_their_fields(qtbot, supervisor_view, store,
                                                                            make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    dialog = _open(qtbot, supervisor_view, receipt.code)
    writes: list = []
    dialog.submitted.connect(lambda *args: writes.append(args))
    _replace(dialog.fields["phone"], "12")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert writes == [] and dialog.isVisible()
    assert dialog.errors["reason"].text() == "Lý do sửa hồ sơ: không được để trống"
    assert dialog.errors["reason"].isVisible()
    assert dialog.errors["phone"].text().startswith("Số điện thoại:")
    assert dialog.errors["applicant_name"].text() == "" and not dialog.errors["applicant_name"].isVisible()

    _replace(dialog.fields["phone"], "0987654321")
    type_text(dialog.fields["reason"], "   ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert writes == [] and dialog.errors["reason"].text() == "Lý do sửa hồ sơ: không được để trống"
    assert dialog.errors["phone"].text() == ""
    assert _counts(store, receipt.id) == (1, 1, 1, "0912345678", None)


def test_a_passport_number_is_checked_against_the_chosen_kind(qtbot, supervisor_view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    dialog = _open(qtbot, supervisor_view, receipt.code)
    dialog.fields["id_kind"].setCurrentIndex(dialog.fields["id_kind"].findData("passport"))
    type_text(dialog.fields["reason"], "Người nộp dùng hộ chiếu")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["id_number"].text().startswith("Số hộ chiếu:")
    _replace(dialog.fields["id_number"], "c1234567")
    with qtbot.waitSignal(supervisor_view.edited, timeout=5000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert done.args[0].changes == {"id_kind": ["cccd", "passport"], "id_number": ["001092012345", "C1234567"]}


def test_a_supervisors_edit_is_stored_with_its_event_and_outbox_row_and_shown_in_the_history(
        qtbot, supervisor_view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    dialog = _open(qtbot, supervisor_view, receipt.code)
    _replace(dialog.fields["phone"], "0987 654 321")
    _replace(dialog.fields["representative_name"], "Trần Thị Bình")
    type_text(dialog.fields["reason"], "Nhập nhầm số điện thoại")
    with qtbot.waitSignal(supervisor_view.edited, timeout=5000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.changes == {"phone": ["0912345678", "0987654321"], "representative_name": [None, "Trần Thị Bình"]}
    assert result.print_job_id is None
    assert not dialog.isVisible() and supervisor_view.edit_dialog is None
    assert _counts(store, receipt.id) == (2, 2, 2, "0987654321", "Trần Thị Bình")
    with store.read() as s:
        event = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == receipt.id)
                          .order_by(DossierEvent.seq.desc())).first()
        assert (event.kind, event.officer_name, event.data["reason"]) == (
            "edited", "Lê Văn Hùng", "Nhập nhầm số điện thoại")
        item = s.scalars(select(OutboxItem).where(OutboxItem.event_id == event.id)).one()
        assert (item.state, item.payload["dossier"]["phone"]) == ("pending", "0987654321")
    qtbot.waitUntil(lambda: supervisor_view.card.version == 2, timeout=5000)
    last = supervisor_view.card.history[-1]
    assert last.kind == EventKind.EDITED
    model = supervisor_view.history
    row = model.rowCount() - 1
    assert model.data(model.index(row, 1)) == "Sửa thông tin"
    assert detail_text(last) == ("Nhập nhầm số điện thoại · Số điện thoại: 0912345678 → 0987654321"
                                 " · Người đại diện: — → Trần Thị Bình")
    assert "0987654321" in supervisor_view.details.text()
    assert supervisor_view.message.text() == f"Đã sửa hồ sơ {receipt.code}."


def test_reissuing_sends_the_corrected_slip_through_the_print_controller(qtbot, supervisor_view, store,
                                                                         make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    sent: list = []

    class Sink:
        def print_pdf(self, data, printer_name, title):
            sent.append(data)
            return "Máy in quầy 1"

    controller = PrintController(supervisor_view.ctx, Sink(), parent=supervisor_view)
    supervisor_view.print_requested.connect(lambda job_id, kind: controller.print_job(job_id, kind))
    dialog = _open(qtbot, supervisor_view, receipt.code)
    _replace(dialog.fields["address"], "Số 2 Trần Phú, phường Hải Châu, Đà Nẵng")
    type_text(dialog.fields["reason"], "Sai số nhà")
    dialog.reissue.setChecked(True)
    with qtbot.waitSignal(controller.job_printed, timeout=20_000) as printed:
        with qtbot.waitSignal(supervisor_view.print_requested, timeout=5000) as requested:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    job_id = requested.args[0]
    assert requested.args[1] == "receipt" and printed.args == [job_id, "Máy in quầy 1"]
    with store.read() as s:
        job = s.get(PrintJob, job_id)
        assert (job.kind, job.dossier_id, job.status) == ("receipt", receipt.id, "printed")
    assert len(sent) == 1 and "Số 2 Trần Phú" in flat(all_text(sent[0]))


def test_a_finished_dossier_has_no_edit_button(qtbot, supervisor_view, store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=RECEIVED)
    actions.perform(store, Action.REFUSE, receipt.code, "giamsat", reason="Không thuộc thẩm quyền", now=NOW)
    with qtbot.waitSignal(supervisor_view.card_shown, timeout=5000):
        supervisor_view.open_code(receipt.code)
    assert supervisor_view.edit_button is None
