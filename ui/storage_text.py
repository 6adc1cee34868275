"""Words for a disk problem (counter_app.store.storage): full, read-only or failing, never "damaged".

Shared by the command line (plain text) and the window (each sentence through the caller's
``tr``). A restore is never advised: the data is not damaged, and a restore would rewind it.
"""

from __future__ import annotations

from collections.abc import Callable

from counter_app.store.storage import FULL, READ_ONLY, StorageProblem

WHAT = {"backups": "bản sao lưu cũ", "set_aside": "tệp cũ được để riêng khi khôi phục (set-aside)",
        "prints": "giấy tờ đã in ra tệp PDF"}


def size_text(size: int | None) -> str:
    """1234567 → "1,2 MB" (Vietnamese decimal comma)."""
    if size is None:
        return "?"
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{size} byte"


def title(problem: StorageProblem, tr: Callable[[str], str] = str) -> str:
    if problem.kind == FULL:
        return tr("Ổ đĩa đã đầy")
    if problem.kind == READ_ONLY:
        return tr("Không ghi được vào ổ đĩa")
    return tr("Ổ đĩa báo lỗi đọc/ghi")


def storage_text(problem: StorageProblem, tr: Callable[[str], str] = str) -> str:
    """What happened, what to free or fix, and that the data is not damaged."""
    folder = str(problem.folder)
    if problem.kind == FULL:
        lines = [tr("Ổ đĩa chứa dữ liệu (%1) đã đầy: còn trống %2. Dữ liệu không bị hỏng; "
                    "phần mềm chưa ghi được gì mới.").replace("%1", folder).replace("%2", size_text(problem.free_bytes))]
        if problem.reclaimable:
            lines.append(tr("Có thể giải phóng:"))
            for item in problem.reclaimable:
                lines.append(tr("– %1: %2 trong %3 tệp, tại %4").replace("%1", tr(WHAT.get(item.what, item.what)))
                             .replace("%2", size_text(item.size)).replace("%3", str(item.files))
                             .replace("%4", str(item.path)))
        lines.append(tr("Hãy xoá hoặc chuyển bớt tệp không cần trên ổ đĩa này (ít nhất vài trăm MB), "
                        "rồi mở lại phần mềm. Đừng khôi phục bản sao lưu: việc đó không giải phóng chỗ "
                        "mà còn làm mất dữ liệu mới nhất."))
    elif problem.kind == READ_ONLY:
        lines = [tr("Không ghi được vào thư mục dữ liệu %1 (chỉ đọc hoặc không có quyền ghi). Dữ liệu "
                    "không bị hỏng.").replace("%1", folder),
                 tr("Hãy cấp quyền ghi cho thư mục này (hoặc tháo chế độ chỉ đọc của ổ đĩa), rồi mở lại "
                    "phần mềm. Đừng khôi phục bản sao lưu.")]
    else:
        lines = [tr("Ổ đĩa chứa thư mục dữ liệu %1 báo lỗi đọc/ghi, dù còn trống %2. Đây là lỗi của ổ "
                    "đĩa, chưa phải dấu hiệu dữ liệu bị hỏng.").replace("%1", folder)
                 .replace("%2", size_text(problem.free_bytes)),
                 tr("Hãy kiểm tra ổ đĩa (cáp, ổ USB, ổ mạng) rồi mở lại phần mềm; nếu lỗi còn, báo quản "
                    "trị viên. Đừng khôi phục bản sao lưu khi chưa kiểm tra ổ đĩa.")]
    lines.append(tr("Chi tiết: %1").replace("%1", problem.detail))
    return "\n".join(lines)
