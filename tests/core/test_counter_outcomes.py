"""Counter outcomes: each commits dossier, events, outbox rows and its queued slip together."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import ValidationFailed
from counter_app.store.models import Dossier, DossierEvent, OutboxItem, PrintJob
from counter_app.services import counter_outcomes as co
from ui.messages import said_text
from tests.said import raises_saying

NOW = datetime(2026, 3, 10, 9, 0)


def rows(store, model):
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_receive_and_queue_commits_dossier_event_outbox_and_receipt_job(store, make_draft):
    out = co.receive_and_queue(store, make_draft(received_at=None), "canbo1", now=NOW)
    assert (out.status, out.slip_kind, out.received_at) == (DossierStatus.RECEIVED, "receipt", NOW)
    assert out.code == "000.00.14.H56-260310-0001"
    with store.read() as session:
        job = session.get(PrintJob, out.job_id)
        assert (job.kind, job.dossier_id) == ("receipt", out.dossier_id)
        assert [o.kind for o in session.scalars(select(OutboxItem))] == ["received"]


def test_supplement_at_counter_stops_the_clock_and_lists_what_is_missing(store, make_draft):
    out = co.request_supplement_at_counter(
        store, make_draft(received_at=None), ["Giấy chứng sinh", " Giấy chứng sinh ", "Văn bản ủy quyền"],
        "Thiếu bản chính", "canbo1", now=NOW)
    assert out.status is DossierStatus.SUPPLEMENT_REQUESTED
    with store.read() as session:
        dossier = session.get(Dossier, out.dossier_id)
        assert (dossier.status, dossier.clock_stopped_at, dossier.version) == (5, NOW, 2)
        events = list(session.scalars(select(DossierEvent).order_by(DossierEvent.seq)))
        assert [(e.kind, e.from_status, e.to_status) for e in events] == [
            ("received", None, 2), ("supplement_requested", 2, 5)]
        expected = {"missing": ["Giấy chứng sinh", "Văn bản ủy quyền"], "reason": "Thiếu bản chính"}
        assert events[1].data == expected
        outbox = list(session.scalars(select(OutboxItem).order_by(OutboxItem.seq)))
        assert [o.event_id for o in outbox] == [e.id for e in events]
        assert outbox[1].payload["dossier"]["status"] == 5
        job = session.get(PrintJob, out.job_id)
        assert job.kind == "supplement" and job.data["missing"] == expected["missing"]


def test_refusal_at_counter_records_the_reason_and_finishes_the_dossier(store, make_draft):
    out = co.refuse_at_counter(store, make_draft(received_at=None), "  Không thuộc\tthẩm quyền ", "giamsat", now=NOW)
    with store.read() as session:
        dossier = session.get(Dossier, out.dossier_id)
        assert (dossier.status, dossier.finished_at) == (DossierStatus.REFUSED, NOW)
        event = session.scalars(select(DossierEvent).where(DossierEvent.kind == "refused")).one()
        assert event.data == {"reason": "Không thuộc thẩm quyền"}
        assert session.get(PrintJob, out.job_id).kind == "refusal"


@pytest.mark.parametrize("call", [
    lambda store, draft: co.refuse_at_counter(store, draft, "   ", now=NOW),
    lambda store, draft: co.request_supplement_at_counter(store, draft, ["", " "], now=NOW),
    lambda store, draft: co.receive_and_queue(store, draft.__class__(**{**draft.__dict__, "phone": "12"}), now=NOW),
])
def test_refused_input_writes_nothing(store, make_draft, call):
    with pytest.raises(ValidationFailed) as info:
        call(store, make_draft(received_at=None))
    assert said_text(info.value.errors[0].message) in {
        "Lý do từ chối: không được để trống",
        "Giấy tờ cần bổ sung: chưa chọn giấy tờ nào cần bổ sung, hoàn thiện",
        "Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)",
    }
    assert [rows(store, m) for m in (Dossier, DossierEvent, OutboxItem, PrintJob)] == [0, 0, 0, 0]


def test_returning_applicant_comes_from_the_latest_dossier(store, make_draft):
    co.receive_and_queue(store, make_draft(received_at=datetime(2026, 3, 9, 9, 0), phone="0911111111"), now=NOW)
    co.receive_and_queue(store, make_draft(received_at=datetime(2026, 3, 10, 8, 0), phone="0922222222"), now=NOW)
    found = co.find_returning_applicant(store, "001092012345")
    assert (found.applicant_name, found.phone, found.last_code) == (
        "Nguyễn Văn An", "0922222222", "000.00.14.H56-260310-0001")
    assert co.find_returning_applicant(store, "079301012345") is None


def test_refusal_at_the_counter_needs_a_supervisor_and_stores_nothing_otherwise(store, make_draft):
    from sqlalchemy import func, select

    from counter_app.domain.errors import NotAllowed
    from counter_app.store.models import Dossier, OutboxItem, PrintJob

    with raises_saying(NotAllowed, "Giám sát|giám sát|quyền"):
        co.refuse_at_counter(store, make_draft(), "Không thuộc thẩm quyền", "canbo1")
    with store.read() as s:
        for table in (Dossier, OutboxItem, PrintJob):
            assert s.scalar(select(func.count()).select_from(table)) == 0
    outcome = co.refuse_at_counter(store, make_draft(), "Không thuộc thẩm quyền", "giamsat")
    assert outcome.code


def test_counter_outcomes_take_the_shared_action_path(store, make_draft):
    """Supplement and refusal at the counter go through actions.apply_to: the province's copy
    carries the stopped clock and the finishing time, and the refusal is audited once."""
    from counter_app.store.models import AuditEntry

    asked = co.request_supplement_at_counter(store, make_draft(received_at=None), ["Tờ khai"], None, "canbo1",
                                             now=NOW)
    refused = co.refuse_at_counter(store, make_draft(received_at=None), "Không thuộc thẩm quyền", "giamsat",
                                   now=NOW)
    with store.read() as session:
        snapshots = {o.kind: o.payload["dossier"] for o in session.scalars(select(OutboxItem))
                     if o.kind != "received"}
        assert (snapshots["supplement_requested"]["clock_stopped_at"], snapshots["refused"]["finished_at"]) == (
            NOW.isoformat(), NOW.isoformat())
        assert snapshots["refused"]["version"] == 2
        audited = [(e.action, e.target, e.detail) for e in session.scalars(select(AuditEntry))
                   if e.action == "dossier_refused"]
        assert audited == [("dossier_refused", refused.code, {"reason": "Không thuộc thẩm quyền"})]
    assert asked.status is DossierStatus.SUPPLEMENT_REQUESTED
