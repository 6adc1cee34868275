"""Administrator services and editing after receipt: roles, one transaction, audit entries."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app.store.audit import verify_chain
from counter_app.domain.due_dates import CalendarOverride
from counter_app.domain.catalogue import CatalogueImportError
from counter_app.domain.errors import NotAllowed, ValidationFailed
from counter_app.store.models import AuditEntry, Dossier, DossierEvent, OutboxItem, Procedure
from counter_app.services import admin
from counter_app.services.editing import edit_after_receipt
from counter_app.services.receiving import receive
from ui.messages import error_text, field_texts, said_text
from tests.said import raises_saying

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "catalogue"
T0 = datetime(2026, 3, 10, 9, 0)


def _last_audit(store):
    with store.read() as session:
        e = session.query(AuditEntry).order_by(AuditEntry.seq.desc()).first()
        return e.action, e.target, e.detail


def test_agency_data_is_edited_by_an_administrator_only(store):
    with raises_saying(NotAllowed, "Sửa thông tin cơ quan: cần quyền quản trị viên"):
        admin.update_agency(store, "giamsat", name="X", place_name="Y")
    data = admin.update_agency(store, "admin", name=" UBND phường  Hải Châu ", place_name="TP. Đà Nẵng",
                               parent_name="UBND THÀNH PHỐ ĐÀ NẴNG", now=T0)
    assert (data.name, data.place_name) == ("UBND phường Hải Châu", "TP. Đà Nẵng")
    assert _last_audit(store) == ("agency_updated", "000.00.14.H56", {"place_name": ["Đà Nẵng", "TP. Đà Nẵng"]})


def test_the_unit_and_the_level_are_the_agencys_data(store):
    assert admin.load_agency_of(store).unit_name == "Trung tâm Phục vụ hành chính công phường Hải Châu"
    data = admin.update_agency(store, "admin", name="UBND tỉnh Quảng Ngãi", place_name="Quảng Ngãi",
                               unit_name=" Trung tâm Phục vụ  hành chính công tỉnh Quảng Ngãi ", level="province",
                               now=T0)
    assert (data.unit_name, data.level) == ("Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", "province")
    assert _last_audit(store)[2]["level"] == ["commune", "province"]
    with pytest.raises(ValidationFailed) as caught:
        admin.update_agency(store, "admin", name="UBND huyện Bình Sơn", place_name="Quảng Ngãi", level="district")
    assert [e.field for e in caught.value.errors] == ["level"]
    assert caught.value.errors[0].message.code == "setup.level"
    assert "cấp xã" in said_text(caught.value.errors[0].message)
    assert admin.load_agency_of(store).level == "province"  # nothing half written
    admin.update_agency(store, "admin", name="UBND tỉnh Quảng Ngãi", place_name="Quảng Ngãi")
    assert admin.load_agency_of(store).unit_name.endswith("tỉnh Quảng Ngãi")  # kept when not given


def test_a_catalogue_with_a_bad_row_imports_nothing(store):
    with store.read() as session:
        before = session.query(Procedure).count()
    with pytest.raises(CatalogueImportError):
        admin.import_catalogue(store, "admin", FIXTURES / "three_bad_rows.json")
    with pytest.raises(NotAllowed):
        admin.import_catalogue(store, "canbo1", FIXTURES / "good.json")
    result = admin.import_catalogue(store, "admin", FIXTURES / "good.json", now=T0)
    with store.read() as session:
        assert session.query(Procedure).count() == before + len(result.added)
    action, target, detail = _last_audit(store)
    assert (action, target, detail["count"]) == ("catalogue_imported", "good.json", result.count)


def test_calendar_overrides_are_replaced_and_the_change_audited(store):
    with store.read() as session:
        old = admin.list_overrides(session)
    new = [o for o in old if o.day != old[0].day] + [CalendarOverride(date(2026, 12, 30), "morning", "Họp cuối năm")]
    with pytest.raises(NotAllowed):
        admin.save_overrides(store, "canbo1", new)
    admin.save_overrides(store, "admin", new, now=T0)
    with store.read() as session:
        assert admin.list_overrides(session)[-1] == CalendarOverride(date(2026, 12, 30), "morning", "Họp cuối năm")
    action, _, detail = _last_audit(store)
    assert action == "calendar_changed"
    assert detail["added"] == ["2026-12-30 morning"]
    assert detail["removed"] == [f"{old[0].day.isoformat()} {old[0].kind}"]
    with raises_saying(ValidationFailed, "bị trùng"):
        admin.save_overrides(store, "admin", new + [CalendarOverride(date(2026, 12, 30), "working")])


def test_settings_changes_are_audited_and_backup_settings_need_an_administrator(store, profile_dir, tmp_path):
    changes = admin.change_settings(store, "canbo1", {"printer.receipt": "HP LaserJet", "ui.language": "vi"},
                                    now=T0)
    assert changes == {"printer.receipt": [None, "HP LaserJet"], "ui.language": [None, "vi"]}
    with raises_saying(NotAllowed, "backup.keep_days"):
        admin.change_settings(store, "canbo1", {"backup.keep_days": 7})
    (tmp_path / "b").mkdir()  # a backup folder must exist (counter_app.store.backup_place)
    admin.change_settings(store, "admin", {"backup.dir": str(tmp_path / "b")}, profile_dir=profile_dir)
    assert (profile_dir / "backup-folder.txt").read_text(encoding="utf-8").strip() == str(tmp_path / "b")
    with store.read() as session:
        assert verify_chain(session) == []


def test_editing_after_receipt_needs_a_supervisor_and_a_reason(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with raises_saying(NotAllowed, "Sửa hồ sơ sau khi tiếp nhận: cần quyền giám sát"):
        edit_after_receipt(store, receipt.code, "canbo1", {"phone": "0987654321"}, reason="Sai số", now=T0)
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"phone": "0987654321"}, reason=" ", now=T0)
    assert error_text(refused.value) == "Lý do sửa hồ sơ: không được để trống"
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"phone": "12"}, reason="Sai số", now=T0)
    assert error_text(refused.value) == "Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)"
    result = edit_after_receipt(store, receipt.code, "giamsat",
                                {"phone": "0987 654 321", "applicant_name": "Nguyễn Văn Ân"},
                                reason="Nhập nhầm số điện thoại", now=datetime(2026, 3, 10, 9, 30))
    assert result.changes == {"phone": ["0912345678", "0987654321"],
                              "applicant_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"]}
    with store.read() as session:
        d = session.get(Dossier, receipt.id)
        assert (d.phone, d.applicant_name_folded, d.version) == ("0987654321", "nguyen van an", 2)
        event = session.query(DossierEvent).filter_by(id=result.event_id).one()
        assert (event.kind, event.officer_name) == ("edited", "Lê Văn Hùng")
        assert event.data["reason"] == "Nhập nhầm số điện thoại"
        item = session.query(OutboxItem).filter_by(event_id=result.event_id).one()
        assert item.payload["dossier"]["phone"] == "0987654321"
    assert _last_audit(store) == ("dossier_edited", receipt.code,
                                  {"reason": "Nhập nhầm số điện thoại", "fields": ["applicant_name", "phone"]})
    json.dumps(result.changes)


def test_reissuing_the_slip_with_changes_queues_a_receipt_in_the_same_transaction(store, make_draft):
    from counter_app.store.models import PrintJob

    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with pytest.raises(NotAllowed):
        edit_after_receipt(store, receipt.code, "canbo2", {"address": "Số 2 Trần Phú, Đà Nẵng"},
                           reason="Sai số nhà", reissue_slip=True, now=T0)
    result = edit_after_receipt(store, receipt.code, "giamsat", {"address": "Số 2 Trần Phú, Đà Nẵng"},
                                reason="Sai số nhà", reissue_slip=True, now=datetime(2026, 3, 10, 9, 5))
    with store.read() as session:
        job = session.get(PrintJob, result.print_job_id)
        assert (job.kind, job.dossier_id, job.status, job.data) == ("receipt", receipt.id, "queued",
                                                                   {"reason": "Sai số nhà", "number": "1/GTN"})
    with store.read() as session:
        trail = [(e.action, e.target, e.detail) for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert trail[-2:] == [("dossier_edited", receipt.code, {"reason": "Sai số nhà", "fields": ["address"]}),
                          ("slip_reissued", receipt.code, {"reason": "Sai số nhà", "job_id": result.print_job_id})]


def test_an_edited_birth_date_must_agree_with_the_cccd_kept(store, make_draft):
    receipt = receive(store, make_draft(birth_date=date(1992, 5, 1)), "canbo1", now=T0)
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"birth_date": date(1993, 5, 1)},
                           reason="Sai năm sinh", now=T0)
    assert field_texts(refused.value) == {
        "id_number": "Số định danh/CCCD: chữ số thứ 4–6 «092» ứng với năm sinh 1992, không khớp với năm sinh 1993"}
    result = edit_after_receipt(store, receipt.code, "giamsat", {"birth_date": "1992-06-01"},
                                reason="Sai ngày sinh", now=T0)
    assert result.changes == {"birth_date": ["1992-05-01", "1992-06-01"]}


def test_a_malformed_birth_date_is_a_field_message_not_a_crash(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"birth_date": "1992-13-40", "note": "x" * 501},
                           reason="Sai ngày sinh", now=T0)
    assert field_texts(refused.value) == {
        "birth_date": "Ngày sinh: «1992-13-40» không phải ngày hợp lệ (năm-tháng-ngày)",
        "note": "Ghi chú: tối đa 500 ký tự (đang có 501)"}


def test_an_edited_id_kind_must_suit_the_applicant(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"id_kind": "tax_code"}, reason="Sai loại", now=T0)
    assert field_texts(refused.value) == {"id_kind": "Loại giấy tờ: cá nhân phải khai CCCD, CMND hoặc hộ chiếu"}
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"id_kind": "cmnd"}, reason="Sai loại", now=T0)
    assert list(refused.value.by_field()) == ["id_number"]  # the 12-digit number kept is not a CMND
    with pytest.raises(ValidationFailed) as refused:
        edit_after_receipt(store, receipt.code, "giamsat", {"sets": 0}, reason="Sai số bộ", now=T0)
    assert field_texts(refused.value) == {"sets": "Số bộ hồ sơ: phải là số nguyên từ 1 đến 99"}
