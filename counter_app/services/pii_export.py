"""A person's data for an access request (Nghị định 13/2023/NĐ-CP art. 9, 14; Law on Personal
Data Protection 2025): every dossier in which the ID number given is the applicant's, or the
authorised person's who collected the result, with its fields, its history and its access
log; as JSON and as a readable PDF (Vietnamese, the slips' Tinos fonts). An administrator only;
the export itself is written to the access log (one row per dossier and file kind).

The labels of the PDF are the paper's Vietnamese (as the slips are): a document handed to a
citizen is always in Vietnamese, whatever the window's language.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from counter_app.services import auth
from counter_app.domain.clock import now_vn
from counter_app.domain.enums import STATUS_LABELS_VI, DossierStatus, EventKind, Role
from counter_app.domain.errors import FieldError, ValidationFailed
from counter_app.store.history_write import dossier_snapshot
from counter_app.store.models import Dossier, DossierEvent
from counter_app.store.pii_access import AccessAction, access_rows, add_access, resolve_officer, row_dict

FORMAT = "counter-app/pii-export@1"
_ID = re.compile(r"[0-9A-Z]{6,20}")


def clean_subject_id(value: str | None) -> str:
    """The ID number searched for (CCCD, CMND, passport; spaces dropped, letters upper case)."""
    cleaned = re.sub(r"[\s.-]", "", value or "").upper()
    if not _ID.fullmatch(cleaned):
        raise ValidationFailed([FieldError(
            "id_number", "Số giấy tờ tùy thân không hợp lệ: nhập số CCCD (12 chữ số), CMND (9 chữ số) "
                         "hoặc số hộ chiếu")])
    return cleaned


def _dossiers(session: Session, id_number: str) -> list[tuple[Dossier, str]]:
    collected = select(DossierEvent.dossier_id).where(
        DossierEvent.kind == str(EventKind.RETURNED),
        text("json_extract(dossier_event.data, '$.id_number') = :sid"))
    rows = session.scalars(select(Dossier).where(or_(Dossier.id_number == id_number, Dossier.id.in_(collected)))
                           .order_by(Dossier.received_at, Dossier.code), {"sid": id_number}).all()
    return [(d, "applicant" if d.id_number == id_number else "authorised_collector") for d in rows]


def _event(e: DossierEvent) -> dict[str, Any]:
    return {"seq": e.seq, "kind": e.kind, "at": e.at.isoformat(sep=" ", timespec="seconds"),
            "officer_name": e.officer_name, "from_status": e.from_status, "to_status": e.to_status,
            "data": e.data or {}, "origin": e.origin}


def collect(session: Session, id_number: str, *, now: datetime) -> dict[str, Any]:
    """The export's content (plain JSON-able data) for *id_number* (already cleaned)."""
    dossiers = []
    for dossier, role in _dossiers(session, id_number):
        events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                 .order_by(DossierEvent.seq)).all()
        snapshot = dossier_snapshot(dossier)
        dossiers.append({"code": dossier.code, "role": role, "status_label": STATUS_LABELS_VI[DossierStatus(dossier.status)],
                         "fields": snapshot, "events": [_event(e) for e in events],
                         "access_log": [row_dict(r) for r in access_rows(session, dossier.id)]})
    return {"format": FORMAT, "id_number": id_number, "generated_at": now.isoformat(sep=" ", timespec="seconds"),
            "dossiers": dossiers}


def export_person(store, id_number: str, officer: Any, *, json_path: Path | str | None = None,
                  pdf_path: Path | str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Collect *id_number*'s dossiers, write the files asked for, and log the export (one row
    per dossier and file) in the same transaction as the read; the content. NotAllowed unless
    *officer* (an id, an Officer or a SignedIn) is an administrator."""
    id_number = clean_subject_id(id_number)
    at = (now or now_vn()).replace(microsecond=0)
    written: list[Path] = []
    try:
        with store.write() as session:
            who = resolve_officer(session, officer)
            auth.require_role(who, Role.ADMIN, "Trích xuất dữ liệu cá nhân")
            content = collect(session, id_number, now=at)
            ids = [session.scalar(select(Dossier.id).where(Dossier.code == d["code"])) for d in content["dossiers"]]
            # The files are written inside the transaction that logs their export: a file whose
            # log did not commit is removed below, so no export leaves the counter unrecorded.
            if json_path is not None:
                written.append(write_json(content, json_path))
                add_access(session, ids, AccessAction.EXPORT, officer_id=who.id, form="json", at=at)
            if pdf_path is not None:
                written.append(write_pdf(content, pdf_path, officer_name=who.full_name))
                add_access(session, ids, AccessAction.EXPORT, officer_id=who.id, form="pdf", at=at)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return content


def write_json(content: dict[str, Any], path: Path | str) -> Path:
    """The export as UTF-8 JSON (diacritics kept)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(content, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


# --- the PDF -----------------------------------------------------------------------------

_FIELD_LABELS = (
    ("applicant_name", "Họ và tên"), ("id_kind", "Loại giấy tờ"), ("id_number", "Số giấy tờ"),
    ("birth_date", "Ngày sinh"), ("representative_name", "Người đại diện"), ("phone", "Điện thoại"),
    ("email", "Thư điện tử"), ("address", "Địa chỉ"), ("procedure_code", "Mã thủ tục"),
    ("procedure_name", "Thủ tục"), ("received_at", "Tiếp nhận lúc"), ("due_at", "Hẹn trả"),
    ("finished_at", "Kết thúc lúc"), ("note", "Ghi chú"),
)
_ACTIONS = {"view": "Xem", "print": "In hoặc lưu tệp", "export": "Trích xuất", "erase": "Xoá"}
_EVENTS = {
    "received": "Tiếp nhận", "refused": "Từ chối", "supplement_requested": "Yêu cầu bổ sung",
    "supplement_completed": "Bổ sung xong", "handed_over": "Chuyển phòng chuyên môn",
    "result_ready": "Nhận kết quả về", "returned": "Trả kết quả", "withdrawn": "Rút hồ sơ",
    "stopped": "Dừng giải quyết", "payment_required": "Yêu cầu nộp nghĩa vụ tài chính",
    "payment_done": "Đã nộp nghĩa vụ tài chính", "apology_issued": "Xin lỗi và hẹn lại",
    "edited": "Sửa thông tin", "slip_printed": "In phiếu", "document_digitised": "Số hóa thành phần hồ sơ",
    "remote_status": "Cập nhật từ hệ thống tỉnh", "pii_erased": "Xoá dữ liệu cá nhân hết thời hạn lưu trữ",
}
_ROLES = {"applicant": "Người nộp hồ sơ", "authorised_collector": "Người được ủy quyền nhận kết quả"}


_DATA_LABELS = {
    "department": "Phòng chuyên môn", "reason": "Lý do", "missing": "Cần bổ sung", "note": "Ghi chú",
    "collector": "Người nhận kết quả", "name": "Họ tên", "id_kind": "Loại giấy tờ", "id_number": "Số giấy tờ",
    "result_timing": "Kết quả", "new_due_at": "Hẹn trả mới", "original_due_at": "Hẹn trả cũ", "old_due_at": "Hẹn trả cũ",
    "slip": "Phiếu", "printer": "Máy in", "reprint": "In lại", "changes": "Thay đổi", "decided_by": "Người quyết định",
    "notice": "Thông báo", "fees_paid": "Đã nộp phí", "amount": "Số tiền", "document": "Thành phần số",
    "pages": "Số trang", "by": "Người thực hiện", "retention_months": "Thời hạn lưu (tháng)",
}
_DATA_VALUES = {"applicant": "người nộp hồ sơ", "authorised": "người được ủy quyền", "early": "trước hạn",
                "on_time": "đúng hạn", "late": "quá hạn"}
_DATA_HIDDEN = {"job_id", "sha256", "redacted", "fields", "fee_collected_now", "slip_returned", "paused_at",
                "waited_working_hours", "handed_over_at", "dossier_ids", "codes", "fee_amount"}


def _data_text(data: dict[str, Any]) -> str:
    """An event's inputs in words, for the reader of the PDF (the JSON keeps them all)."""
    parts = []
    for key, value in data.items():
        if key in _DATA_HIDDEN or value in (None, "", [], {}):
            continue
        if key == "changes" and isinstance(value, dict):  # a correction: {field: [old, new]}
            value = "; ".join(f"{dict(_FIELD_LABELS).get(k, _DATA_LABELS.get(k, k))}: " + (" → ".join(str(x or "—") for x in v) if isinstance(v, list) else str(v))
                              for k, v in value.items())
        elif isinstance(value, dict):
            value = "; ".join(f"{_DATA_LABELS.get(k, k)}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "có" if value else "không"
        elif isinstance(value, str) and value in _DATA_VALUES:
            value = _DATA_VALUES[value]
        elif key.endswith("_at"):
            value = _when(value)
        parts.append(f"{_DATA_LABELS.get(key, key)}: {value}")
    return " · ".join(parts)


def _when(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return str(value or "")


def write_pdf(content: dict[str, Any], path: Path | str, *, officer_name: str | None = None) -> Path:
    """The export as an A4 PDF in Vietnamese (Tinos, embedded)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from counter_app.slips.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1)
    sub = ParagraphStyle("sub", parent=body, fontName=BOLD, fontSize=11, leading=15, spaceBefore=8)

    def p(text_: Any, style=body) -> Paragraph:
        return Paragraph(escape(str(text_ if text_ is not None else "")), style)

    story: list[Any] = [p("DỮ LIỆU CÁ NHÂN ĐANG ĐƯỢC XỬ LÝ TẠI BỘ PHẬN MỘT CỬA", head), Spacer(1, 4 * mm),
                        p(f"Số giấy tờ tùy thân: {content['id_number']}"),
                        p(f"Lập lúc: {_when(content['generated_at'])}" + (f" · Người lập: {officer_name}" if officer_name else "")),
                        p(f"Số hồ sơ: {len(content['dossiers'])}")]
    if not content["dossiers"]:
        story.append(p("Không có hồ sơ nào mang số giấy tờ này tại quầy."))
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    for d in content["dossiers"]:
        f = d["fields"]
        story += [p(f"Hồ sơ {d['code']} — {d['status_label']} ({_ROLES.get(d['role'], d['role'])})", sub)]
        rows = [[p(label, small), p(_when(f.get(key)) if key.endswith("_at") else f.get(key), small)]
                for key, label in _FIELD_LABELS if f.get(key) not in (None, "")]
        story.append(Table(rows, colWidths=[40 * mm, 130 * mm], style=grid))
        story.append(p("Quá trình xử lý", sub))
        rows = [[p("Thời gian", small), p("Sự kiện", small), p("Cán bộ", small), p("Chi tiết", small)]]
        rows += [[p(_when(e["at"]), small), p(_EVENTS.get(e["kind"], e["kind"]), small), p(e["officer_name"], small),
                  p(_data_text(e["data"] or {}), small)] for e in d["events"]]
        story.append(Table(rows, colWidths=[28 * mm, 32 * mm, 35 * mm, 75 * mm], style=grid, repeatRows=1))
        story.append(p("Nhật ký truy cập dữ liệu cá nhân", sub))
        rows = [[p("Thời gian", small), p("Cán bộ", small), p("Quầy", small), p("Thao tác", small), p("Biểu mẫu", small)]]
        rows += [[p(_when(a["at"]), small), p(a["officer_name"], small), p(a["workstation_no"], small),
                  p(_ACTIONS.get(a["action"], a["action"]), small), p(a["form"], small)] for a in d["access_log"]]
        story.append(Table(rows, colWidths=[30 * mm, 50 * mm, 15 * mm, 35 * mm, 40 * mm], style=grid, repeatRows=1))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title="Dữ liệu cá nhân", author="counter-app").build(story)
    tmp.replace(path)
    return path
