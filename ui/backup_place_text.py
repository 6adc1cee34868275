"""Words for where the backups are (counter_app.store.backup_place) and for the profile's place
(counter_app.store.profile_place): shared by the command line (plain text) and the window (each
sentence through the caller's ``tr``)."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.store.backup_place import BackupPlacement, Placement


def placement_text(placement: BackupPlacement, tr: Callable[[str], str] = str) -> str:
    """The warning for *placement* ("" when the backups are on another volume)."""
    folder = str(placement.folder)
    if placement.placement is Placement.NOT_SET:
        return tr("Cảnh báo: bản sao lưu đang nằm cùng ổ đĩa với dữ liệu (%1). Nếu ổ đĩa hỏng hoặc máy "
                  "được cài lại, sẽ mất cả dữ liệu lẫn bản sao lưu. Quản trị viên hãy chọn thư mục sao lưu ở "
                  "ổ đĩa khác hoặc thư mục dùng chung (Cài đặt → Chung → Thư mục sao lưu).").replace("%1", folder)
    if placement.placement is Placement.SAME_DISK:
        return tr("Cảnh báo: thư mục sao lưu %1 nằm trên cùng ổ đĩa với dữ liệu. Nếu ổ đĩa hỏng, sẽ mất cả "
                  "dữ liệu lẫn bản sao lưu. Quản trị viên hãy chọn thư mục ở ổ đĩa khác hoặc thư mục dùng "
                  "chung.").replace("%1", folder)
    if placement.placement is Placement.UNREACHABLE:
        return tr("Cảnh báo: không truy cập được thư mục sao lưu %1 (ổ USB đã rút, hoặc thư mục dùng chung "
                  "chưa kết nối). Bản sao lưu chưa được tạo; hãy kiểm tra kết nối.").replace("%1", folder)
    return ""


#: What the command line adds to a warning (the window's words name the settings dialog).
CLI_HINT = "Đổi bằng lệnh: counter-app backup-location THƯ_MỤC --admin TÊN_ĐĂNG_NHẬP"


def short_text(placement: BackupPlacement, tr: Callable[[str], str] = str) -> str:
    """A few words for the status bar ("" when all is well)."""
    if placement.placement is Placement.UNREACHABLE:
        return tr("⚠ Không truy cập được thư mục sao lưu")
    if placement.warn:
        return tr("⚠ Bản sao lưu cùng ổ đĩa với dữ liệu")
    return ""


def adopted_text(legacy: str, profile: str, tr: Callable[[str], str] = str) -> str:
    return tr("Dữ liệu của phần mềm đã được chép từ thư mục riêng của tài khoản Windows (%1) sang thư mục "
              "dùng chung cho mọi tài khoản trên máy: %2. Thư mục cũ được giữ nguyên, không bị xoá; bản "
              "sao lưu cũ vẫn được tìm thấy khi khôi phục.").replace("%1", legacy).replace("%2", profile)


def legacy_left_text(legacy: str, profile: str, tr: Callable[[str], str] = str) -> str:
    return tr("Lưu ý: thư mục dữ liệu cũ của tài khoản Windows này (%1) vẫn còn dữ liệu nhưng không được dùng, "
              "vì máy đã có dữ liệu dùng chung tại %2. Không có gì bị xoá. Nếu cần dữ liệu cũ, hãy báo quản trị "
              "viên (có thể mở bằng counter-app --profile \"%1\").").replace("%1", legacy).replace("%2", profile)
