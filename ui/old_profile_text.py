"""Words for an old per-user profile left in clear after its adoption (counter_app.store.old_profile):
shared by the command line (plain text) and the window's start notices (through ``tr``)."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.store.old_profile import LeftInClear

#: The command an administrator runs to remove it (documented in packaging/README.md).
REMOVE_COMMAND = "counter-app-cli old-profile --remove --admin TÊN_ĐĂNG_NHẬP"


def left_in_clear_text(found: LeftInClear, tr: Callable[[str], str] = str) -> str:
    """The warning: where the old folder is, that it holds personal data in clear, what to do."""
    what = []
    if found.plain_database:
        what.append(tr("cơ sở dữ liệu"))
    if found.plain_files:
        what.append(tr("%1 tệp bản số hóa và bản sao lưu").replace("%1", str(found.plain_files)))
    size = f" ({found.size / 1_048_576:.1f} MB)" if found.size else ""
    return (tr("Cảnh báo: dữ liệu cũ của phần mềm (phiên bản trước) vẫn còn ở %1%2, chưa mã hóa (%3): ai đọc "
               "được thư mục này sẽ đọc được thông tin cá nhân của người nộp hồ sơ. Dữ liệu đã được chép sang "
               "thư mục dùng chung %4. Quản trị viên hãy xóa thư mục cũ bằng lệnh: %5 (lệnh chỉ xóa sau khi "
               "kiểm tra thư mục dùng chung có đủ các hồ sơ của thư mục cũ).")
            .replace("%1", str(found.folder)).replace("%2", size).replace("%3", ", ".join(what))
            .replace("%4", found.moved_to).replace("%5", REMOVE_COMMAND))
