"""Dossier actions after the slip: allowed transitions, refusals, clock and apology rules."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.enums import EventKind
from counter_app.domain.errors import Message, NotAllowed, NotFound, ValidationFailed
from counter_app.domain.lifecycle import TRANSITIONS, Action
from counter_app.services import actions
from counter_app.services.auth import SUPERVISOR_ACTIONS
from counter_app.services.printing import render_job
from counter_app.services.receiving import receive
from counter_app.store.models import Dossier, DossierEvent, OutboxItem, PrintJob
from tests import pdfcheck
from tests.said import raises_saying
from ui.messages import ACTION_VERBS, error_text

T0 = datetime(2026, 3, 10, 9, 0)      # Tuesday
LATER = datetime(2026, 3, 10, 10, 0)

INPUTS = {
    Action.HAND_OVER: dict(department="Phòng Tư pháp - Hộ tịch"),
    Action.RESULT_READY: {},
    Action.RETURN: dict(collector="applicant", fees_paid=True),
    Action.REQUEST_SUPPLEMENT: dict(missing=["Giấy chứng sinh (bản chính)"], reason="Thiếu giấy chứng sinh"),
    Action.COMPLETE_SUPPLEMENT: {},
    Action.REQUIRE_PAYMENT: dict(amount=50_000, note="Lệ phí"),
    Action.PAYMENT_DONE: dict(receipt_no="BL-0001"),
    Action.WITHDRAW: dict(reason="Công dân xin rút hồ sơ"),
    Action.STOP: dict(reason="Cơ quan có thẩm quyền yêu cầu dừng"),
    Action.REFUSE: dict(reason="Không thuộc thẩm quyền giải quyết"),
    Action.APOLOGISE: dict(reason="Cần xác minh thêm", new_due_at=datetime(2026, 4, 30, 10, 0)),
}

# Real action paths from reception to each status an action may start from.
PATHS = {
    S.RECEIVED: [],
    S.PROCESSING: [Action.HAND_OVER],
    S.SUPPLEMENT_REQUESTED: [Action.REQUEST_SUPPLEMENT],
    S.PAYMENT_REQUIRED: [Action.HAND_OVER, Action.REQUIRE_PAYMENT],
    S.RESULT_READY: [Action.HAND_OVER, Action.RESULT_READY],
}


def _counts(store, dossier_id):
    with store.read() as s:
        d = s.get(Dossier, dossier_id)
        return {
            "status": d.status, "version": d.version, "due_at": d.due_at, "finished_at": d.finished_at,
            "original_due_at": d.original_due_at, "clock_stopped_at": d.clock_stopped_at,
            "events": s.scalar(select(func.count()).select_from(DossierEvent).where(DossierEvent.dossier_id == dossier_id)),
            "outbox": s.scalar(select(func.count()).select_from(OutboxItem)),
            "jobs": s.scalar(select(func.count()).select_from(PrintJob)),
        }


def _at_status(store, make_draft, status, **draft):
    receipt = receive(store, make_draft(**draft), "canbo1", now=T0)
    for step in PATHS[status]:
        actions.perform(store, step, receipt.code, "canbo1", now=T0, **INPUTS[step])
    return receipt


ALLOWED = [(a, src) for a, t in TRANSITIONS.items() for src in sorted(t.sources)]


@pytest.mark.parametrize(("action", "source"), ALLOWED, ids=[f"{a.value}-from-{s.name.lower()}" for a, s in ALLOWED])
def test_every_allowed_transition_writes_the_change_its_event_and_outbox_row(store, make_draft, action, source):
    receipt = _at_status(store, make_draft, source)
    before = _counts(store, receipt.id)
    assert before["status"] == source

    who = "giamsat" if action in SUPERVISOR_ACTIONS else "canbo2"  # refuse/withdraw need a supervisor
    result = actions.perform(store, action, receipt.code, who, now=LATER, **INPUTS[action])

    expected = TRANSITIONS[action].target or (S.RECEIVED if action is Action.COMPLETE_SUPPLEMENT else source)
    after = _counts(store, receipt.id)
    assert (result.from_status, result.to_status) == (source, expected)
    assert after["status"] == int(expected)
    assert after["version"] == before["version"] + 1 == result.version
    assert after["events"] == before["events"] + 1
    assert after["outbox"] == before["outbox"] + 1
    with store.read() as s:
        event = s.scalars(select(DossierEvent).where(DossierEvent.id == result.event_id)).one()
        item = s.scalars(select(OutboxItem).where(OutboxItem.event_id == result.event_id)).one()
        assert event.kind == str(TRANSITIONS[action].event)
        assert (event.at, event.officer_name) == (LATER, "Lê Văn Hùng" if who == "giamsat" else "Phạm Đức Thắng")
        assert (event.from_status, event.to_status) == (int(source), int(expected))
        assert item.payload["dossier"]["status"] == int(expected)
        assert item.payload["dossier"]["version"] == after["version"]


def test_every_forbidden_transition_is_refused_and_changes_nothing(store, make_draft):
    dossiers = {}
    for status in S:
        receipt = receive(store, make_draft(), "canbo1", now=T0)
        with store.write() as s:  # place the dossier in each status directly
            s.get(Dossier, receipt.id).status = int(status)
        dossiers[status] = receipt
    checked = 0
    for status, receipt in dossiers.items():
        for action, transition in TRANSITIONS.items():
            if status in transition.sources:
                continue
            before = _counts(store, receipt.id)
            with pytest.raises(NotAllowed) as err:
                actions.perform(store, action, receipt.code, "canbo1", now=LATER, **INPUTS[action])
            assert err.value.message == Message("action.not_allowed_in_status",
                                                {"action": action, "code": receipt.code, "status": status})
            assert error_text(err.value).startswith(f"Không thể {ACTION_VERBS[action]} hồ sơ {receipt.code}: ")
            assert _counts(store, receipt.id) == before, (action, status)
            checked += 1
    allowed = sum(len(t.sources) for t in TRANSITIONS.values())
    assert checked == len(S) * len(TRANSITIONS) - allowed


def test_complete_supplement_returns_to_processing_when_requested_from_processing(store, make_draft):
    receipt = _at_status(store, make_draft, S.PROCESSING)
    actions.request_supplement(store, receipt.code, "canbo1", missing=["Tờ khai"], now=LATER)
    result = actions.complete_supplement(store, receipt.code, "canbo1", now=datetime(2026, 3, 10, 11, 0))
    assert result.to_status == S.PROCESSING


def test_supplement_pause_moves_the_due_time_across_a_weekend(store, make_draft):
    # 1.004873: 3 working days. Friday 13/03/2026 09:00 -> due Wednesday 18/03 09:00.
    receipt = receive(store, make_draft(procedure_code="1.004873", received_at=datetime(2026, 3, 13, 9, 0)),
                      "canbo1", now=datetime(2026, 3, 13, 9, 0))
    assert receipt.due_at == datetime(2026, 3, 18, 9, 0)
    actions.request_supplement(store, receipt.code, "canbo1", missing=["Bản sao trích lục"],
                               now=datetime(2026, 3, 13, 16, 0))
    with store.read() as s:
        assert s.get(Dossier, receipt.id).clock_stopped_at == datetime(2026, 3, 13, 16, 0)
    # Waited: Friday 16:00-17:00 and Monday 07:30-09:30 = 3 working hours; the weekend is free.
    result = actions.complete_supplement(store, receipt.code, "canbo1", now=datetime(2026, 3, 16, 9, 30))
    assert result.due_at == datetime(2026, 3, 18, 14, 0)  # 09:00 + 2.5 h to 11:30 + 0.5 h after 13:30
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.clock_stopped_at, d.status) == (None, int(S.RECEIVED))
        event = s.scalars(select(DossierEvent).where(DossierEvent.id == result.event_id)).one()
        assert event.data["waited_working_hours"] == 3.0
        assert event.data["old_due_at"] == "2026-03-18T09:00:00"


@pytest.mark.parametrize(("finished", "timing"), [
    (datetime(2026, 3, 17, 15, 0), "early"),
    (datetime(2026, 3, 18, 8, 0), "on_time"),
    (datetime(2026, 3, 18, 9, 0), "on_time"),
    (datetime(2026, 3, 18, 9, 1), "late"),
])
def test_result_ready_records_early_on_time_or_late(store, make_draft, finished, timing):
    receipt = receive(store, make_draft(procedure_code="1.004873", received_at=datetime(2026, 3, 13, 9, 0)),
                      "canbo1", now=datetime(2026, 3, 13, 9, 0))
    actions.hand_over(store, receipt.code, "canbo1", department="Phòng Tư pháp", now=datetime(2026, 3, 13, 10, 0))
    actions.result_ready(store, receipt.code, "canbo1", now=finished)
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.result_timing, d.finished_at) == (timing, finished)


def test_apology_once_keeps_the_original_appointment_and_queues_form_04(store, make_draft):
    receipt = _at_status(store, make_draft, S.PROCESSING)
    new_due = datetime(2026, 3, 20, 16, 0)
    result = actions.apologise(store, receipt.code, "giamsat", reason="Phải xác minh tại nơi cư trú",
                               new_due_at=new_due, now=LATER)
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.original_due_at, d.due_at, d.status) == (receipt.due_at, new_due, int(S.PROCESSING))
        job = s.get(PrintJob, result.job_id)
        assert (job.kind, job.dossier_id, job.status) == ("apology", receipt.id, "queued")
    assert render_job(store, result.job_id)[:5] == b"%PDF-"  # Mẫu 04 renders from the job
    before = _counts(store, receipt.id)
    with pytest.raises(NotAllowed) as err:
        actions.apologise(store, receipt.code, "giamsat", reason="Lần nữa",
                          new_due_at=datetime(2026, 3, 27, 16, 0), now=LATER)
    assert err.value.message == Message("apology.already_issued", {"code": receipt.code})
    assert error_text(err.value) == (f"Hồ sơ {receipt.code} đã được xin lỗi và hẹn lại một lần; "
                                     "không được hẹn lại lần thứ hai.")
    assert _counts(store, receipt.id) == before


def test_the_apology_is_issued_by_the_settling_agency_under_its_heads_signature(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    actions.hand_over(store, receipt.code, "canbo1", department="Phòng Văn hóa - Xã hội", now=T0)
    result = actions.apologise(store, receipt.code, "giamsat", reason="Phải xác minh tại nơi cư trú",
                               new_due_at=datetime(2026, 3, 20, 16, 0), now=LATER,
                               signer_title="TRƯỞNG PHÒNG", signer_name="Võ Thị Lan")
    text = pdfcheck.flat(pdfcheck.page_text(render_job(store, result.job_id)))
    # the header names the settling department under its agency, not the counter's unit
    assert "UBND PHƯỜNG HẢI CHÂU PHÒNG VĂN HÓA - XÃ HỘI" in text
    assert "Phòng Văn hóa - Xã hội xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết" in text
    assert "TRƯỞNG PHÒNG" in text and "Võ Thị Lan" in text
    assert "VĂN BẢN XIN LỖI" in text


def test_stopping_records_who_decided_and_what_the_applicant_is_told_and_queues_the_notice(store, make_draft):
    receipt = _at_status(store, make_draft, S.PROCESSING)
    result = actions.stop_processing(
        store, receipt.code, "giamsat", reason="Người yêu cầu đề nghị dừng giải quyết bằng văn bản",
        decided_by="Phó Chủ tịch UBND phường Trần Văn Bình", notice="Ông/Bà nhận lại hồ sơ tại Bộ phận Một cửa.",
        now=LATER)
    assert result.to_status is S.STOPPED
    with store.read() as s:
        payload = s.scalars(select(OutboxItem).where(OutboxItem.event_id == result.event_id)).one().payload
        kind = s.scalar(select(PrintJob.kind).where(PrintJob.id == result.job_id))
    # synced like every other action: the event's data travels in its outbox row
    assert payload["data"]["decided_by"] == "Phó Chủ tịch UBND phường Trần Văn Bình"
    assert payload["data"]["notice"] == "Ông/Bà nhận lại hồ sơ tại Bộ phận Một cửa."
    assert payload["dossier"]["status"] == 8
    assert kind == "stop"
    text = pdfcheck.flat(pdfcheck.page_text(render_job(store, result.job_id)))
    for expected in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Lý do: Người yêu cầu đề nghị dừng giải quyết bằng văn bản",
                     "Người quyết định: Phó Chủ tịch UBND phường Trần Văn Bình",
                     "Ông/Bà nhận lại hồ sơ tại Bộ phận Một cửa.", f"Mã hồ sơ: {receipt.code}", "Số: 1/TBDGQ"):
        assert expected in text, expected
    with raises_saying(ValidationFailed, "Lý do dừng giải quyết"):
        actions.stop_processing(store, _at_status(store, make_draft, S.PROCESSING).code, "giamsat", reason=" ",
                                now=LATER)


def test_apology_needs_a_reason_and_a_later_appointment(store, make_draft):
    receipt = _at_status(store, make_draft, S.PROCESSING)
    with pytest.raises(ValidationFailed):
        actions.apologise(store, receipt.code, reason="  ", new_due_at=datetime(2026, 3, 20, 16, 0), now=LATER)
    with pytest.raises(ValidationFailed) as err:
        actions.apologise(store, receipt.code, reason="Chậm", new_due_at=datetime(2026, 3, 10, 16, 0), now=LATER)
    assert err.value.by_field()["new_due_at"].code == "apology.new_due_too_early"
    assert error_text(err.value) == (f"Ngày hẹn mới phải sau ngày hẹn cũ ({receipt.due_at:%H} giờ {receipt.due_at:%M} "
                                     f"phút, ngày {receipt.due_at:%d/%m/%Y}) và sau thời điểm hiện tại")


def test_return_checks_fee_and_authorised_person(store, make_draft):
    # 2.000884 (chứng thực chữ ký) costs 10.000 đ, not yet collected at reception.
    receipt = _at_status(store, make_draft, S.RESULT_READY, procedure_code="2.000884")
    before = _counts(store, receipt.id)
    with pytest.raises(ValidationFailed) as err:
        actions.return_to_applicant(store, receipt.code, now=LATER)
    assert err.value.by_field() == {"fees_paid": Message("return.fees_unpaid", {"amount": 10000})}
    assert error_text(err.value) == "Phí, lệ phí 10.000 đồng chưa được thu; hãy thu trước khi trả kết quả"
    with pytest.raises(ValidationFailed) as err:
        actions.return_to_applicant(store, receipt.code, collector="authorised", collector_name="Lê Thị Hoa",
                                    collector_id_number="12345", fees_paid=True, now=LATER)
    assert set(err.value.by_field()) == {"collector_id_number"}
    with pytest.raises(ValidationFailed) as err:
        actions.return_to_applicant(store, receipt.code, fees_paid=True, slip_returned=False, now=LATER)
    assert set(err.value.by_field()) == {"note"}
    assert _counts(store, receipt.id) == before

    result = actions.return_to_applicant(
        store, receipt.code, "canbo2", collector="authorised", collector_name=" Lê Thị  Hoa ",
        collector_id_number="048 190 012 345", fees_paid=True, slip_returned=False,
        note="Công dân làm mất giấy hẹn, đã đối chiếu CCCD", now=LATER)
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        event = s.scalars(select(DossierEvent).where(DossierEvent.id == result.event_id)).one()
        assert (d.status, d.fee_paid) == (int(S.RETURNED), True)
        assert event.data["collector"] == "authorised"
        assert event.data["name"] == "Lê Thị Hoa"
        assert event.data["id_number"] == "048190012345"
        assert event.data["fee_collected_now"] is True and event.data["slip_returned"] is False


def test_batch_hand_over_is_one_transaction_with_one_control_sheet(store, make_draft):
    codes = [receive(store, make_draft(), "canbo1", now=T0).code for _ in range(3)]
    refused = _at_status(store, make_draft, S.PROCESSING).code
    with store.read() as s:
        outbox_before = s.scalar(select(func.count()).select_from(OutboxItem))
    with raises_saying(NotAllowed, refused):
        actions.hand_over_batch(store, [codes[0], codes[1], refused], "canbo1", department="Phòng Tư pháp", now=LATER)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == outbox_before
        assert {d.status for d in s.scalars(select(Dossier).where(Dossier.code.in_(codes)))} == {int(S.RECEIVED)}
    with pytest.raises(ValidationFailed) as err:
        actions.hand_over_batch(store, [codes[0], codes[0]], department="Phòng Tư pháp", now=LATER)
    assert error_text(err.value) == f"Hồ sơ {codes[0]} được quét hai lần trong cùng một lần bàn giao."

    batch = actions.hand_over_batch(store, codes, "canbo1",
                                    department="Phòng Tư pháp", now=LATER)
    assert [r.code for r in batch.results] == codes
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == outbox_before + 3
        assert {d.status for d in s.scalars(select(Dossier).where(Dossier.code.in_(codes)))} == {int(S.PROCESSING)}
        job = s.get(PrintJob, batch.job_id)
        assert job.kind == "handover"
        assert job.data["codes"] == codes and job.data["department"] == "Phòng Tư pháp"
    assert render_job(store, batch.job_id)[:5] == b"%PDF-"  # the Mẫu 05 sheet renders from the job


def test_stale_version_is_refused(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    actions.hand_over(store, receipt.code, department="Phòng Tư pháp", now=LATER, expected_version=1)
    before = _counts(store, receipt.id)
    with pytest.raises(NotAllowed) as err:
        actions.result_ready(store, receipt.code, now=LATER, expected_version=1)
    assert err.value.message == Message("dossier.changed_elsewhere",
                                        {"code": receipt.code, "version": 2, "expected": 1})
    assert "(phiên bản 2, màn hình đang hiển thị phiên bản 1)" in error_text(err.value)
    assert _counts(store, receipt.id) == before


def test_unknown_dossier_is_not_found(store):
    with raises_saying(NotFound, "000.00.14.H56-260310-9999"):
        actions.hand_over(store, "000.00.14.H56-260310-9999", department="Phòng Tư pháp", now=LATER)


def test_refusal_and_withdrawal_need_a_reason_and_finish_the_dossier(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with raises_saying(ValidationFailed, "Lý do rút hồ sơ"):
        actions.withdraw(store, receipt.code, reason="", now=LATER)
    actions.withdraw(store, receipt.code, reason="Công dân xin rút", now=LATER)
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.status, d.finished_at) == (int(S.WITHDRAWN), LATER)
        kinds = s.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.seq))
        assert list(kinds) == [str(EventKind.RECEIVED), str(EventKind.WITHDRAWN)]


def test_enter_status_brings_what_each_status_implies():
    """What a status implies does not depend on who moved the dossier there (the province too)."""
    due = datetime(2026, 3, 18, 9, 0)
    d = Dossier(status=int(S.RECEIVED), due_at=due, clock_stopped_at=None, finished_at=None, result_timing=None)
    actions.enter_status(d, S.SUPPLEMENT_REQUESTED, LATER)
    actions.enter_status(d, S.SUPPLEMENT_REQUESTED, datetime(2026, 3, 11, 9, 0))  # stopped once
    assert (d.status, d.clock_stopped_at, d.finished_at) == (int(S.SUPPLEMENT_REQUESTED), LATER, None)
    actions.enter_status(d, S.PROCESSING, datetime(2026, 3, 11, 9, 0))
    assert (d.status, d.clock_stopped_at, d.finished_at) == (int(S.PROCESSING), None, None)
    late = datetime(2026, 3, 18, 10, 0)
    actions.enter_status(d, S.RESULT_READY, late)
    assert (d.finished_at, d.result_timing, d.clock_stopped_at) == (late, "late", None)
    actions.enter_status(d, S.RETURNED, datetime(2026, 4, 1, 9, 0))  # finished when the result came back
    assert (d.status, d.finished_at, d.result_timing) == (int(S.RETURNED), late, "late")
    actions.enter_status(d, S.PROCESSING, datetime(2026, 4, 1, 10, 0))  # taken back: open again
    assert (d.finished_at, d.result_timing) == (None, None)
    actions.enter_status(d, S.RETURNED, datetime(2026, 4, 2, 9, 0))  # returned straight from the province
    assert (d.finished_at, d.result_timing) == (datetime(2026, 4, 2, 9, 0), "late")
    d.due_at = datetime(2026, 4, 30, 17, 0)
    actions.enter_status(d, S.PROCESSING, datetime(2026, 4, 3, 9, 0))
    actions.enter_status(d, S.WITHDRAWN, datetime(2026, 4, 3, 10, 0))
    assert (d.status, d.finished_at, d.result_timing) == (int(S.WITHDRAWN), datetime(2026, 4, 3, 10, 0), None)


def test_withdrawing_while_waiting_for_a_supplement_runs_no_clock(store, make_draft):
    receipt = _at_status(store, make_draft, S.SUPPLEMENT_REQUESTED)
    actions.withdraw(store, receipt.code, "giamsat", reason="Công dân xin rút hồ sơ", now=LATER)
    with store.read() as s:
        d = s.get(Dossier, receipt.id)
        assert (d.status, d.finished_at, d.clock_stopped_at) == (int(S.WITHDRAWN), LATER, None)
