"""Translated words for the card's enums (actions, events, due states, result timing)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from counter_app.domain.enums import DossierStatus, EventKind
from counter_app.domain.lifecycle import Action
from counter_app.store.lookup import DueInfo, DueState
from ui.messages import status_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("card", text)


def action_label(action: Action) -> str:
    """Button caption of *action*."""
    return {
        Action.HAND_OVER: _tr("Chuyển phòng chuyên môn"),
        Action.RESULT_READY: _tr("Nhận kết quả về"),
        Action.RETURN: _tr("Trả kết quả"),
        Action.REQUEST_SUPPLEMENT: _tr("Yêu cầu bổ sung"),
        Action.COMPLETE_SUPPLEMENT: _tr("Đã bổ sung xong"),
        Action.REQUIRE_PAYMENT: _tr("Yêu cầu nộp nghĩa vụ tài chính"),
        Action.PAYMENT_DONE: _tr("Đã nộp nghĩa vụ tài chính"),
        Action.WITHDRAW: _tr("Công dân rút hồ sơ"),
        Action.STOP: _tr("Dừng giải quyết"),
        Action.REFUSE: _tr("Từ chối"),
        Action.APOLOGISE: _tr("Xin lỗi và hẹn lại (Mẫu 04)"),
    }[action]


def event_label(kind: EventKind | str) -> str:
    """The history line's words for an event kind, given as the enum or as the stored word
    (an unknown word as it is)."""
    labels = {
        EventKind.RECEIVED: _tr("Tiếp nhận"),
        EventKind.REFUSED: _tr("Từ chối"),
        EventKind.SUPPLEMENT_REQUESTED: _tr("Yêu cầu bổ sung"),
        EventKind.SUPPLEMENT_COMPLETED: _tr("Bổ sung xong"),
        EventKind.HANDED_OVER: _tr("Chuyển phòng chuyên môn"),
        EventKind.RESULT_READY: _tr("Nhận kết quả về"),
        EventKind.RETURNED: _tr("Trả kết quả"),
        EventKind.WITHDRAWN: _tr("Rút hồ sơ"),
        EventKind.STOPPED: _tr("Dừng giải quyết"),
        EventKind.PAYMENT_REQUIRED: _tr("Yêu cầu nộp nghĩa vụ tài chính"),
        EventKind.PAYMENT_DONE: _tr("Đã nộp nghĩa vụ tài chính"),
        EventKind.APOLOGY_ISSUED: _tr("Xin lỗi và hẹn lại"),
        EventKind.EDITED: _tr("Sửa thông tin"),
        EventKind.SLIP_PRINTED: _tr("In phiếu"),
        EventKind.REMOTE_STATUS: _tr("Cập nhật từ hệ thống tỉnh"),
        EventKind.PII_ERASED: _tr("Xoá dữ liệu cá nhân hết thời hạn lưu trữ"),
    }
    return labels.get(kind, str(kind))  # a StrEnum: the stored word finds its member's words


def form_name(kind: str) -> str:
    """A printed form's name (a slip's kind: receipt, control…); "" for an unknown kind."""
    return {
        "receipt": _tr("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "supplement": _tr("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": _tr("Phiếu từ chối tiếp nhận"),
        "apology": _tr("Văn bản xin lỗi và hẹn lại"),
        "stop": _tr("Thông báo dừng giải quyết hồ sơ"),
        "control": _tr("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "handover": _tr("Danh sách bàn giao"),
        "label": _tr("Nhãn hồ sơ"),
    }.get(kind, "")


def form_label(form: str) -> str:
    """A document's form in words (original, copy, shown)."""
    return {"original": _tr("bản chính"), "copy": _tr("bản sao"), "shown": _tr("xuất trình")}.get(form, form)


def status_label(status: DossierStatus | None) -> str:
    """The status's words (empty for none)."""
    return status_text(status)


def timing_label(timing: str | None) -> str:
    """Early / on time / late, in words."""
    return {"early": _tr("trước hạn"), "on_time": _tr("đúng hạn"), "late": _tr("quá hạn")}.get(timing or "", "")


def span_text(info: DueInfo, tr=_tr) -> str:
    """The working time of *info* ("1 ngày 2 giờ làm việc"), whole hours; under an hour is said so."""
    hours = int(info.hours + 1e-6)
    if info.days and hours:
        return tr("%1 ngày %2 giờ làm việc").replace("%1", str(info.days)).replace("%2", str(hours))
    if info.days:
        return tr("%1 ngày làm việc").replace("%1", str(info.days))
    if hours:
        return tr("%1 giờ làm việc").replace("%1", str(hours))
    return tr("dưới 1 giờ làm việc")


def late_text(info: DueInfo, tr=_tr) -> str:
    """How late a dossier is, counted in working time by ``counter_app.store.lookup.due_info``: the
    card, the logbook and its export all say it with these words (*tr*: the identity for paper,
    which is always Vietnamese)."""
    return tr("Quá hạn %1").replace("%1", span_text(info, tr))


def due_text(info: DueInfo, result_timing: str | None) -> str:
    """"Còn 2 ngày làm việc", "Quá hạn 1 ngày 1 giờ làm việc", …"""
    if info.state is DueState.FINISHED:
        timing = timing_label(result_timing)
        return _tr("Đã xong (%1)").replace("%1", timing) if timing else _tr("Đã kết thúc")
    if info.state is DueState.NOT_STARTED:
        return _tr("Chưa tiếp nhận tại quầy, chưa tính thời hạn")
    if info.state is DueState.PAUSED:
        return _tr("Tạm dừng tính thời hạn (chờ bổ sung), còn %1").replace("%1", span_text(info))
    if info.state is DueState.LATE:
        return late_text(info)
    if info.state is DueState.DUE_TODAY:
        return _tr("Đến hạn trong hôm nay, còn %1").replace("%1", span_text(info))
    return _tr("Còn %1").replace("%1", span_text(info))
