<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
    <context>
        <name />
        <message>
            <source>dưới 1 phút</source>
            <translation>under a minute</translation>
        </message>
        <message numerus="yes">
            <source>%n phút</source>
            <translation>
                <numerusform>%n minute</numerusform>
                <numerusform>%n minutes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n giờ</source>
            <translation>
                <numerusform>%n hour</numerusform>
                <numerusform>%n hours</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 ngày %2 giờ làm việc</source>
            <translation>%1 working days %2 h</translation>
        </message>
        <message>
            <source>%1 ngày làm việc</source>
            <translation>%1 working days</translation>
        </message>
        <message>
            <source>%1 giờ làm việc</source>
            <translation>%1 working hours</translation>
        </message>
        <message>
            <source>dưới 1 giờ làm việc</source>
            <translation>under 1 working hour</translation>
        </message>
        <message>
            <source>Quá hạn %1</source>
            <translation>Late by %1</translation>
        </message>
        <message>
            <source>Ổ đĩa đã đầy</source>
            <translation>The disk is full</translation>
        </message>
        <message>
            <source>Không ghi được vào ổ đĩa</source>
            <translation>Cannot write to the disk</translation>
        </message>
        <message>
            <source>Ổ đĩa báo lỗi đọc/ghi</source>
            <translation>The disk reports a read/write error</translation>
        </message>
        <message>
            <source>Ổ đĩa chứa dữ liệu (%1) đã đầy: còn trống %2. Dữ liệu không bị hỏng; phần mềm chưa ghi được gì mới.</source>
            <translation>The disk holding the data (%1) is full: %2 free. The data is not damaged; nothing new could be written.</translation>
        </message>
        <message>
            <source>Có thể giải phóng:</source>
            <translation>You can free:</translation>
        </message>
        <message>
            <source>– %1: %2 trong %3 tệp, tại %4</source>
            <translation>– %1: %2 in %3 files, at %4</translation>
        </message>
        <message>
            <source>Hãy xoá hoặc chuyển bớt tệp không cần trên ổ đĩa này (ít nhất vài trăm MB), rồi mở lại phần mềm. Đừng khôi phục bản sao lưu: việc đó không giải phóng chỗ mà còn làm mất dữ liệu mới nhất.</source>
            <translation>Delete or move files you do not need from this disk (at least a few hundred MB), then open the application again. Do not restore a backup: it frees no space and loses the newest data.</translation>
        </message>
        <message>
            <source>Không ghi được vào thư mục dữ liệu %1 (chỉ đọc hoặc không có quyền ghi). Dữ liệu không bị hỏng.</source>
            <translation>Cannot write to the data folder %1 (read-only, or no permission to write). The data is not damaged.</translation>
        </message>
        <message>
            <source>Hãy cấp quyền ghi cho thư mục này (hoặc tháo chế độ chỉ đọc của ổ đĩa), rồi mở lại phần mềm. Đừng khôi phục bản sao lưu.</source>
            <translation>Give write permission to this folder (or turn off the disk's read-only mode), then open the application again. Do not restore a backup.</translation>
        </message>
        <message>
            <source>Ổ đĩa chứa thư mục dữ liệu %1 báo lỗi đọc/ghi, dù còn trống %2. Đây là lỗi của ổ đĩa, chưa phải dấu hiệu dữ liệu bị hỏng.</source>
            <translation>The disk holding the data folder %1 reports a read/write error, though %2 is free. This is the disk's fault, not yet a sign that the data is damaged.</translation>
        </message>
        <message>
            <source>Hãy kiểm tra ổ đĩa (cáp, ổ USB, ổ mạng) rồi mở lại phần mềm; nếu lỗi còn, báo quản trị viên. Đừng khôi phục bản sao lưu khi chưa kiểm tra ổ đĩa.</source>
            <translation>Check the disk (cable, USB drive, network drive), then open the application again; if the error remains, tell the administrator. Do not restore a backup before the disk is checked.</translation>
        </message>
        <message>
            <source>Chi tiết: %1</source>
            <translation>Details: %1</translation>
        </message>
        <message>
            <source>Cảnh báo: bản sao lưu đang nằm cùng ổ đĩa với dữ liệu (%1). Nếu ổ đĩa hỏng hoặc máy được cài lại, sẽ mất cả dữ liệu lẫn bản sao lưu. Quản trị viên hãy chọn thư mục sao lưu ở ổ đĩa khác hoặc thư mục dùng chung (Cài đặt → Chung → Thư mục sao lưu).</source>
            <translation>Warning: the backups are on the same disk as the data (%1). If the disk fails or the PC is reinstalled, both the data and the backups are lost. An administrator should choose a backup folder on another drive or a network share (Settings → General → Backup folder).</translation>
        </message>
        <message>
            <source>Cảnh báo: thư mục sao lưu %1 nằm trên cùng ổ đĩa với dữ liệu. Nếu ổ đĩa hỏng, sẽ mất cả dữ liệu lẫn bản sao lưu. Quản trị viên hãy chọn thư mục ở ổ đĩa khác hoặc thư mục dùng chung.</source>
            <translation>Warning: the backup folder %1 is on the same disk as the data. If the disk fails, both the data and the backups are lost. An administrator should choose a folder on another drive or a network share.</translation>
        </message>
        <message>
            <source>Cảnh báo: không truy cập được thư mục sao lưu %1 (ổ USB đã rút, hoặc thư mục dùng chung chưa kết nối). Bản sao lưu chưa được tạo; hãy kiểm tra kết nối.</source>
            <translation>Warning: the backup folder %1 cannot be reached (a USB disk removed, or a network share not connected). No backup is being made; check the connection.</translation>
        </message>
        <message>
            <source>⚠ Không truy cập được thư mục sao lưu</source>
            <extracomment>What the command line adds to a warning (the window's words name the settings dialog).</extracomment>
            <translation>⚠ Backup folder unreachable</translation>
        </message>
        <message>
            <source>⚠ Bản sao lưu cùng ổ đĩa với dữ liệu</source>
            <translation>⚠ Backups on the data's disk</translation>
        </message>
        <message>
            <source>Dữ liệu của phần mềm đã được chép từ thư mục riêng của tài khoản Windows (%1) sang thư mục dùng chung cho mọi tài khoản trên máy: %2. Thư mục cũ được giữ nguyên, không bị xoá; bản sao lưu cũ vẫn được tìm thấy khi khôi phục.</source>
            <translation>The program's data was copied from this Windows account's own folder (%1) to the folder shared by every account on this PC: %2. The old folder is kept as it was, nothing deleted; its backups are still found for a restore.</translation>
        </message>
        <message>
            <source>Lưu ý: thư mục dữ liệu cũ của tài khoản Windows này (%1) vẫn còn dữ liệu nhưng không được dùng, vì máy đã có dữ liệu dùng chung tại %2. Không có gì bị xoá. Nếu cần dữ liệu cũ, hãy báo quản trị viên (có thể mở bằng counter-app --profile "%1").</source>
            <translation>Note: this Windows account's old data folder (%1) still holds data but is not used, because this PC already has shared data at %2. Nothing was deleted. If the old data is needed, tell an administrator (it can be opened with counter-app --profile "%1").</translation>
        </message>
        <message>
            <source>cơ sở dữ liệu</source>
            <extracomment>The command an administrator runs to remove it (documented in packaging/README.md).</extracomment>
            <translation>database</translation>
        </message>
        <message>
            <source>%1 tệp bản số hóa và bản sao lưu</source>
            <translation>%1 scan and backup files</translation>
        </message>
        <message>
            <source>Cảnh báo: dữ liệu cũ của phần mềm (phiên bản trước) vẫn còn ở %1%2, chưa mã hóa (%3): ai đọc được thư mục này sẽ đọc được thông tin cá nhân của người nộp hồ sơ. Dữ liệu đã được chép sang thư mục dùng chung %4. Quản trị viên hãy xóa thư mục cũ bằng lệnh: %5 (lệnh chỉ xóa sau khi kiểm tra thư mục dùng chung có đủ các hồ sơ của thư mục cũ).</source>
            <translation>Warning: the program's old data (an earlier version) is still in %1%2, unencrypted (%3): anyone who can read this folder can read the applicants' personal data. The data has been copied to the shared folder %4. An administrator should delete the old folder with the command: %5 (it deletes only after checking that the shared folder holds every dossier of the old one).</translation>
        </message>
    </context>
    <context>
        <name>AboutDialog</name>
        <message>
            <source>Giới thiệu</source>
            <translation>About</translation>
        </message>
        <message>
            <source>Phần mềm Tiếp nhận và trả kết quả hồ sơ</source>
            <translation>Dossier reception and results</translation>
        </message>
        <message>
            <source>%1 (chưa có)</source>
            <translation>%1 (not created yet)</translation>
        </message>
        <message>
            <source>Phiên bản</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Thư mục dữ liệu</source>
            <translation>Data folder</translation>
        </message>
        <message>
            <source>Tệp nhật ký</source>
            <translation>Log file</translation>
        </message>
        <message>
            <source>Cán bộ đăng nhập</source>
            <translation>Signed-in officer</translation>
        </message>
        <message>
            <source>Mở thư mục dữ liệu</source>
            <translation>Open the data folder</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>AccessTableModel</name>
        <message>
            <source>Thời gian</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Cán bộ</source>
            <translation>Officer</translation>
        </message>
        <message>
            <source>Quầy</source>
            <translation>Counter</translation>
        </message>
        <message>
            <source>Thao tác</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Biểu mẫu</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Thẻ hồ sơ</source>
            <translation>Dossier card</translation>
        </message>
        <message>
            <source>Xem</source>
            <translation>Viewed</translation>
        </message>
        <message>
            <source>In hoặc lưu tệp</source>
            <translation>Printed or saved to a file</translation>
        </message>
        <message>
            <source>Trích xuất</source>
            <translation>Exported</translation>
        </message>
        <message>
            <source>Xoá</source>
            <translation>Erased</translation>
        </message>
        <message>
            <source>(xem trước khi in)</source>
            <translation>(print preview)</translation>
        </message>
        <message>
            <source>(tệp PDF)</source>
            <translation>(PDF file)</translation>
        </message>
        <message>
            <source>Tệp %1</source>
            <translation>%1 file</translation>
        </message>
    </context>
    <context>
        <name>AccountsView</name>
        <message>
            <source>Tạo tài khoản…</source>
            <translation>Create account…</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu…</source>
            <translation>Reset password…</translation>
        </message>
        <message>
            <source>Vô hiệu hoá / kích hoạt</source>
            <translation>Disable / enable</translation>
        </message>
        <message>
            <source>Đổi quyền…</source>
            <translation>Change role…</translation>
        </message>
        <message>
            <source>Đã tạo tài khoản %1.</source>
            <translation>Created the account %1.</translation>
        </message>
        <message>
            <source>Đã đặt lại mật khẩu cho %1.</source>
            <translation>Reset the password of %1.</translation>
        </message>
        <message>
            <source>Đã kích hoạt %1.</source>
            <translation>Enabled %1.</translation>
        </message>
        <message>
            <source>Đã vô hiệu hoá %1.</source>
            <translation>Disabled %1.</translation>
        </message>
        <message>
            <source>Đã đổi quyền của %1.</source>
            <translation>Changed the role of %1.</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu</source>
            <translation>Reset password</translation>
        </message>
        <message>
            <source>Mật khẩu mới cho %1</source>
            <translation>New password for %1</translation>
        </message>
        <message>
            <source>Đổi quyền</source>
            <translation>Change role</translation>
        </message>
    </context>
    <context>
        <name>ActionDialog</name>
        <message>
            <source>Hồ sơ %1 – %2</source>
            <translation>Dossier %1 – %2</translation>
        </message>
        <message>
            <source>Ghi nhận</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Phòng chuyên môn nhận</source>
            <translation>Receiving department</translation>
        </message>
        <message>
            <source>Mỗi dòng một giấy tờ cần bổ sung, hoàn thiện</source>
            <translation>One document to supplement or complete per line</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung</source>
            <translation>Documents to supplement</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Số tiền phải nộp</source>
            <translation>Amount due</translation>
        </message>
        <message>
            <source>Số biên lai, chứng từ</source>
            <translation>Receipt or voucher number</translation>
        </message>
        <message>
            <source>Người quyết định dừng</source>
            <translation>Stop decided by</translation>
        </message>
        <message>
            <source>Nội dung thông báo cho người nộp</source>
            <translation>What the applicant is told</translation>
        </message>
        <message>
            <source>Lý do chậm trả kết quả</source>
            <translation>Reason for the late result</translation>
        </message>
        <message>
            <source>Ngày hẹn mới</source>
            <translation>New due date</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Người nộp hồ sơ</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Người được ủy quyền</source>
            <translation>Authorised person</translation>
        </message>
        <message>
            <source>Người nhận kết quả</source>
            <translation>Result collected by</translation>
        </message>
        <message>
            <source>Họ tên người được ủy quyền</source>
            <translation>Authorised person's full name</translation>
        </message>
        <message>
            <source>Loại giấy tờ</source>
            <translation>ID document type</translation>
        </message>
        <message>
            <source>Số giấy tờ</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Đã thu phí, lệ phí (%1 đ)</source>
            <translation>Fees collected (%1 VND)</translation>
        </message>
        <message>
            <source>Đã thu lại giấy tiếp nhận (liên giao người nộp)</source>
            <translation>Took back the receipt slip (applicant's copy)</translation>
        </message>
    </context>
    <context>
        <name>AdminPage</name>
        <message>
            <source>Tài khoản quản trị</source>
            <translation>Administrator account</translation>
        </message>
        <message>
            <source>Người quản trị tạo tài khoản cho các cán bộ khác sau khi đăng nhập.</source>
            <translation>After signing in, the administrator creates accounts for the other officers.</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu</source>
            <translation>Repeat the password</translation>
        </message>
        <message>
            <source>Họ và tên: không được để trống</source>
            <translation>Full name: must not be empty</translation>
        </message>
        <message>
            <source>Hai lần nhập mật khẩu không khớp.</source>
            <translation>The two passwords do not match.</translation>
        </message>
        <message>
            <source>Tài khoản</source>
            <translation>Accounts</translation>
        </message>
        <message>
            <source>Danh mục thủ tục</source>
            <translation>Procedure catalogue</translation>
        </message>
        <message>
            <source>Lịch làm việc</source>
            <translation>Working calendar</translation>
        </message>
        <message>
            <source>Sao lưu và khôi phục</source>
            <translation>Backup and restore</translation>
        </message>
        <message>
            <source>Dữ liệu cá nhân</source>
            <translation>Personal data</translation>
        </message>
    </context>
    <context>
        <name>AgencyPage</name>
        <message>
            <source>Cơ quan tiếp nhận</source>
            <translation>Receiving agency</translation>
        </message>
        <message>
            <source>Thông tin in trên giấy tiếp nhận và trong mã hồ sơ.</source>
            <translation>Printed on receipt slips and used in dossier codes.</translation>
        </message>
        <message>
            <source>Ví dụ: UBND phường Hải Châu</source>
            <translation>Example: UBND phường Hải Châu</translation>
        </message>
        <message>
            <source>Ví dụ: UBND THÀNH PHỐ ĐÀ NẴNG (có thể bỏ trống)</source>
            <translation>Example: UBND THÀNH PHỐ ĐÀ NẴNG (may be left empty)</translation>
        </message>
        <message>
            <source>Ví dụ: Đà Nẵng</source>
            <translation>Example: Đà Nẵng</translation>
        </message>
        <message>
            <source>Ví dụ: Trung tâm Phục vụ hành chính công phường Hải Châu</source>
            <translation>E.g. Public Administrative Service Centre of Hải Châu ward</translation>
        </message>
        <message>
            <source>Cấp xã (xã, phường, đặc khu)</source>
            <translation>Commune level (commune, ward, special zone)</translation>
        </message>
        <message>
            <source>Cấp tỉnh</source>
            <translation>Province level</translation>
        </message>
        <message>
            <source>Tên cơ quan</source>
            <translation>Agency name</translation>
        </message>
        <message>
            <source>Cơ quan cấp trên</source>
            <translation>Parent agency</translation>
        </message>
        <message>
            <source>Mã định danh (QCVN 102:2016)</source>
            <translation>Identifier (QCVN 102:2016)</translation>
        </message>
        <message>
            <source>Địa danh ghi trên phiếu</source>
            <translation>Place name on slips</translation>
        </message>
        <message>
            <source>Đơn vị một cửa (in trên phiếu)</source>
            <translation>One-stop unit (printed on slips)</translation>
        </message>
        <message>
            <source>Cấp cơ quan</source>
            <translation>Agency level</translation>
        </message>
    </context>
    <context>
        <name>ApplicantForm</name>
        <message>
            <source>Cá nhân</source>
            <translation>Individual</translation>
        </message>
        <message>
            <source>Tổ chức, doanh nghiệp</source>
            <translation>Organisation, business</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Số giấy tờ</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Người đại diện / được ủy quyền</source>
            <translation>Representative / authorised person</translation>
        </message>
        <message>
            <source>Đối tượng</source>
            <translation>Applicant type</translation>
        </message>
        <message>
            <source>Loại giấy tờ</source>
            <translation>ID document type</translation>
        </message>
        <message>
            <source>(chưa ghi)</source>
            <translation>(not recorded)</translation>
        </message>
        <message>
            <source>Quét mã QR thẻ căn cước</source>
            <translation>Identity card QR code scanned</translation>
        </message>
        <message>
            <source>Đọc chip thẻ căn cước</source>
            <translation>Identity card chip read</translation>
        </message>
        <message>
            <source>Tài khoản VNeID</source>
            <translation>VNeID account</translation>
        </message>
        <message>
            <source>Giấy tờ xuất trình</source>
            <translation>Documents shown</translation>
        </message>
        <message>
            <source>Kiểm tra nhân thân</source>
            <translation>Identity checked by</translation>
        </message>
        <message>
            <source>Tên tổ chức, doanh nghiệp</source>
            <translation>Organisation or business name</translation>
        </message>
    </context>
    <context>
        <name>BackupsView</name>
        <message>
            <source>Sao lưu ngay</source>
            <translation>Back up now</translation>
        </message>
        <message>
            <source>Khôi phục bản đã chọn…</source>
            <translation>Restore the selected backup…</translation>
        </message>
        <message>
            <source>Khi khôi phục, cơ sở dữ liệu hiện tại không bị xoá: nó được chuyển vào thư mục set-aside trong thư mục dữ liệu.</source>
            <translation>Restoring does not delete the current database: it is moved to the set-aside folder in the data folder.</translation>
        </message>
        <message>
            <source>Đã sao lưu vào %1.</source>
            <translation>Backed up to %1.</translation>
        </message>
        <message>
            <source>Khôi phục</source>
            <translation>Restore</translation>
        </message>
        <message>
            <source>Thay cơ sở dữ liệu hiện tại bằng bản sao lưu %1? Những gì ghi sau thời điểm sao lưu sẽ không còn trong dữ liệu đang dùng (tệp hiện tại vẫn được giữ lại).</source>
            <translation>Replace the current database with the backup %1? Whatever was written after the backup will no longer be in the data in use (the current file is kept).</translation>
        </message>
        <message>
            <source>Đang khôi phục…</source>
            <translation>Restoring…</translation>
        </message>
        <message>
            <source>Đã khôi phục từ %1.</source>
            <translation>Restored from %1.</translation>
        </message>
    </context>
    <context>
        <name>CalendarView</name>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Căn cứ: số, ký hiệu văn bản</source>
            <translation>Legal basis: number and symbol of the act</translation>
        </message>
        <message>
            <source>Thêm / sửa ngày</source>
            <translation>Add / edit day</translation>
        </message>
        <message>
            <source>Xoá ngày đã chọn</source>
            <translation>Remove selected day</translation>
        </message>
        <message>
            <source>Nhập từ tệp JSON…</source>
            <translation>Import from a JSON file…</translation>
        </message>
        <message>
            <source>Lưu lịch</source>
            <translation>Save calendar</translation>
        </message>
        <message>
            <source>%1 ngày điều chỉnh chưa có căn cứ pháp lý (chưa xác nhận); lịch vẫn áp dụng cho đến khi sửa.</source>
            <translation>%1 calendar days have no legal basis (unconfirmed); they still apply until corrected.</translation>
        </message>
        <message>
            <source>Lịch của tỉnh</source>
            <translation>Province calendar</translation>
        </message>
        <message>
            <source>JSON (*.json)</source>
            <translation>JSON (*.json)</translation>
        </message>
        <message>
            <source>Đã lưu lịch làm việc (%1 ngày điều chỉnh).</source>
            <translation>Saved the working calendar (%1 adjusted days).</translation>
        </message>
        <message>
            <source>%1 ngày chưa có căn cứ pháp lý.</source>
            <translation>%1 days have no legal basis.</translation>
        </message>
    </context>
    <context>
        <name>CardView</name>
        <message>
            <source>Nhập mã hồ sơ (khi nhãn mã vạch bị hỏng) rồi nhấn Enter</source>
            <extracomment>Action buttons per row on the card.</extracomment>
            <translation>Type the dossier code (when the barcode label is damaged), then press Enter</translation>
        </message>
        <message>
            <source>Mở hồ sơ</source>
            <translation>Open dossier</translation>
        </message>
        <message>
            <source>Nhập mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Thời hạn</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Dossier documents</translation>
        </message>
        <message>
            <source>Số hóa thành phần hồ sơ…</source>
            <translation>Digitise the documents…</translation>
        </message>
        <message>
            <source>Quá trình xử lý</source>
            <translation>Processing history</translation>
        </message>
        <message>
            <source>Danh sách bàn giao</source>
            <translation>Hand-over list</translation>
        </message>
        <message>
            <source>Phòng chuyên môn nhận hồ sơ</source>
            <translation>Department receiving the dossiers</translation>
        </message>
        <message>
            <source>Bàn giao theo lô (quét liên tiếp rồi in danh sách bàn giao)</source>
            <translation>Batch hand-over (scan one after another, then print the hand-over list)</translation>
        </message>
        <message>
            <source>Nhật ký truy cập dữ liệu cá nhân</source>
            <translation>Personal data access log</translation>
        </message>
        <message>
            <source>Bàn giao và in danh sách bàn giao</source>
            <translation>Hand over and print the hand-over list</translation>
        </message>
        <message>
            <source>Xoá danh sách</source>
            <translation>Clear the list</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi: %1</source>
            <translation>Unexpected error: %1</translation>
        </message>
        <message>
            <source>Chưa in được phiếu (%1); phiếu vẫn nằm trong danh sách phiếu chưa in.</source>
            <translation>The slip did not print (%1); it stays in the list of unprinted slips.</translation>
        </message>
        <message>
            <source>(dữ liệu cá nhân đã xoá khi hết thời hạn lưu trữ)</source>
            <translation>(personal data erased after the retention period)</translation>
        </message>
        <message>
            <source>Người nộp: %1 · Số giấy tờ: %2 · Điện thoại: %3
Thủ tục: %4 – %5
Tiếp nhận: %6 · Hẹn trả: %7</source>
            <translation>Applicant: %1 · ID number: %2 · Phone: %3
Procedure: %4 – %5
Received: %6 · Due: %7</translation>
        </message>
        <message>
            <source>In phiếu kiểm soát</source>
            <translation>Print control sheet</translation>
        </message>
        <message>
            <source>Phiếu kiểm soát quá trình giải quyết hồ sơ, theo các bước đã ghi</source>
            <translation>The dossier's processing control sheet, with the steps recorded so far</translation>
        </message>
        <message>
            <source>Sửa hồ sơ…</source>
            <translation>Edit dossier…</translation>
        </message>
        <message>
            <source>chưa có (chờ bổ sung; hẹn lại khi nhận đủ hồ sơ)</source>
            <translation>none yet (waiting for a supplement; set when the dossier is complete)</translation>
        </message>
        <message numerus="yes">
            <source>đã số hóa (%n trang)</source>
            <translation>
                <numerusform>digitised (%n page)</numerusform>
                <numerusform>digitised (%n pages)</numerusform>
            </translation>
        </message>
        <message>
            <source>Đã ghi nhận: %1 – hồ sơ %2.</source>
            <translation>Recorded: %1 – dossier %2.</translation>
        </message>
        <message>
            <source>Hồ sơ %1 đã kết thúc, không thể sửa.</source>
            <translation>Dossier %1 is closed: it cannot be edited.</translation>
        </message>
        <message>
            <source>Đã sửa hồ sơ %1.</source>
            <translation>Edited dossier %1.</translation>
        </message>
        <message>
            <source>Hồ sơ %1 đã có trong danh sách.</source>
            <translation>Dossier %1 is already in the list.</translation>
        </message>
        <message>
            <source>Hồ sơ %1 đang ở trạng thái “%2”, không thể bàn giao.</source>
            <translation>Dossier %1 is “%2”: it cannot be handed over.</translation>
        </message>
        <message>
            <source>Đã thêm hồ sơ %1 (%2 hồ sơ).</source>
            <translation>Added dossier %1 (%2 dossiers).</translation>
        </message>
        <message>
            <source>Đã bàn giao %1 hồ sơ; danh sách bàn giao đã vào hàng đợi in.</source>
            <translation>%1 dossiers handed over; the hand-over list is in the print queue.</translation>
        </message>
    </context>
    <context>
        <name>CatalogueImportView</name>
        <message>
            <source>Nhập danh mục thủ tục từ tệp .json hoặc .xlsx. Nếu có dòng sai, không thủ tục nào được nhập và mọi dòng sai được liệt kê dưới đây.</source>
            <translation>Import the procedure catalogue from a .json or .xlsx file. If any row is wrong, no procedure is imported and every wrong row is listed below.</translation>
        </message>
        <message>
            <source>Chọn tệp và nhập…</source>
            <translation>Choose a file and import…</translation>
        </message>
        <message>
            <source>Tệp danh mục</source>
            <translation>Catalogue file</translation>
        </message>
        <message>
            <source>Danh mục (*.json *.xlsx)</source>
            <translation>Catalogue (*.json *.xlsx)</translation>
        </message>
        <message>
            <source>Đang nhập %1…</source>
            <translation>Importing %1…</translation>
        </message>
        <message>
            <source>Đã nhập %1 thủ tục từ %2: %3 thủ tục mới, %4 thủ tục được cập nhật.</source>
            <translation>Imported %1 procedures from %2: %3 new, %4 updated.</translation>
        </message>
        <message>
            <source>Không nhập thủ tục nào. Các dòng cần sửa:</source>
            <translation>No procedure imported. Rows to correct:</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Đổi mật khẩu</source>
            <translation>Change password</translation>
        </message>
        <message>
            <source>Mật khẩu hiện tại</source>
            <translation>Current password</translation>
        </message>
        <message>
            <source>Mật khẩu mới</source>
            <translation>New password</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu mới</source>
            <translation>Repeat the new password</translation>
        </message>
        <message>
            <source>Mật khẩu nhập lại không khớp với mật khẩu mới.</source>
            <translation>The repeated password does not match the new one.</translation>
        </message>
        <message>
            <source>Chưa có cán bộ nào đăng nhập.</source>
            <translation>No officer is signed in.</translation>
        </message>
        <message>
            <source>Đang đổi mật khẩu…</source>
            <translation>Changing the password…</translation>
        </message>
        <message>
            <source>Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.</source>
            <translation>Password changed. Use the new password next time you sign in.</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi: %1</source>
            <translation>Unexpected error: %1</translation>
        </message>
    </context>
    <context>
        <name>DigitiseDialog</name>
        <message>
            <source>Số hóa hồ sơ %1</source>
            <translation>Digitise dossier %1</translation>
        </message>
        <message>
            <source>Quét (F5)</source>
            <translation>Scan (F5)</translation>
        </message>
        <message>
            <source>Quét lại trang (F6)</source>
            <translation>Rescan page (F6)</translation>
        </message>
        <message>
            <source>Thêm tệp…</source>
            <translation>Add files…</translation>
        </message>
        <message>
            <source>Xoay (R)</source>
            <translation>Rotate (R)</translation>
        </message>
        <message>
            <source>Lên</source>
            <translation>Up</translation>
        </message>
        <message>
            <source>Xuống</source>
            <translation>Down</translation>
        </message>
        <message>
            <source>Xóa trang</source>
            <translation>Delete page</translation>
        </message>
        <message>
            <source>Lưu (Ctrl+S)</source>
            <translation>Save (Ctrl+S)</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Documents</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi: %1</source>
            <translation>Unexpected error: %1</translation>
        </message>
        <message>
            <source>Trang %1</source>
            <translation>Page %1</translation>
        </message>
        <message numerus="yes">
            <source>Đã có bản số hóa %n trang.</source>
            <translation>
                <numerusform>A digitised copy of %n page exists.</numerusform>
                <numerusform>A digitised copy of %n pages exists.</numerusform>
            </translation>
        </message>
        <message>
            <source>Chưa số hóa.</source>
            <translation>Not digitised.</translation>
        </message>
        <message>
            <source>Đang quét…</source>
            <translation>Scanning…</translation>
        </message>
        <message numerus="yes">
            <source>Đã quét thêm %n trang; chưa lưu.</source>
            <translation>
                <numerusform>Scanned %n more page; not saved yet.</numerusform>
                <numerusform>Scanned %n more pages; not saved yet.</numerusform>
            </translation>
        </message>
        <message>
            <source>Đã quét lại trang %1; chưa lưu.</source>
            <translation>Page %1 rescanned; not saved yet.</translation>
        </message>
        <message numerus="yes">
            <source>Đã thêm %n trang; chưa lưu.</source>
            <translation>
                <numerusform>Added %n page; not saved yet.</numerusform>
                <numerusform>Added %n pages; not saved yet.</numerusform>
            </translation>
        </message>
        <message>
            <source>Chọn tệp bản quét</source>
            <translation>Choose scanned files</translation>
        </message>
        <message>
            <source>Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
            <translation>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
        </message>
        <message>
            <source>Chưa có trang nào để lưu.</source>
            <translation>There is no page to save yet.</translation>
        </message>
        <message>
            <source>Đang lưu…</source>
            <translation>Saving…</translation>
        </message>
        <message numerus="yes">
            <source>Đã lưu bản số hóa: %n trang.</source>
            <translation>
                <numerusform>Digitised copy saved: %n page.</numerusform>
                <numerusform>Digitised copy saved: %n pages.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DocumentChecklist</name>
        <message>
            <source>Giấy tờ (đã nhận)</source>
            <translation>Document (received)</translation>
        </message>
        <message>
            <source>Hình thức</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Số lượng</source>
            <translation>Quantity</translation>
        </message>
        <message>
            <source>Không bắt buộc (chỉ khi có)</source>
            <translation>Optional (only if applicable)</translation>
        </message>
    </context>
    <context>
        <name>EditDialog</name>
        <message>
            <source>Sửa hồ sơ %1</source>
            <extracomment>The text fields of the form, in order (service field name → label).</extracomment>
            <translation>Edit dossier %1</translation>
        </message>
        <message>
            <source>Sửa thông tin hồ sơ %1 sau khi tiếp nhận (cần quyền giám sát).</source>
            <translation>Edit dossier %1 after reception (needs a supervisor).</translation>
        </message>
        <message>
            <source>Tên tổ chức, doanh nghiệp</source>
            <translation>Organisation or business name</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Loại giấy tờ</source>
            <translation>ID document type</translation>
        </message>
        <message>
            <source>Số giấy tờ</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Người đại diện</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Bắt buộc: vì sao phải sửa</source>
            <translation>Required: why the change is needed</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>In lại giấy tiếp nhận (Mẫu 01) với thông tin đã sửa</source>
            <translation>Reprint the receipt slip (Form 01) with the corrected details</translation>
        </message>
        <message>
            <source>Lưu thay đổi</source>
            <translation>Save changes</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Chưa sửa thông tin nào.</source>
            <translation>Nothing has been changed.</translation>
        </message>
    </context>
    <context>
        <name>EnrollDialog</name>
        <message>
            <source>Đăng ký máy trạm với máy chủ tỉnh</source>
            <translation>Enroll this workstation with the provincial server</translation>
        </message>
        <message>
            <source>Nhập địa chỉ máy chủ của tỉnh và mã đăng ký một lần do quản trị tỉnh cấp. Đăng ký lại khi đồng bộ báo “cần đăng ký lại máy trạm”: các mục đang chờ gửi được giữ nguyên.</source>
            <translation>Enter the provincial server's address and the one-time enrollment code issued by the province. Enroll again when sync says the workstation must be enrolled again: items waiting to be sent are kept.</translation>
        </message>
        <message>
            <source>Mã đăng ký do quản trị tỉnh cấp</source>
            <translation>Enrollment code issued by the province</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>Mã đăng ký</source>
            <translation>Enrollment code</translation>
        </message>
        <message>
            <source>Đăng ký</source>
            <translation>Enroll</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ: chưa nhập.</source>
            <translation>Server address: not entered.</translation>
        </message>
        <message>
            <source>Mã đăng ký: chưa nhập.</source>
            <translation>Enrollment code: not entered.</translation>
        </message>
        <message>
            <source>Đang đăng ký với máy chủ…</source>
            <translation>Enrolling with the server…</translation>
        </message>
        <message>
            <source>Đã đăng ký máy trạm với máy chủ tỉnh. Đồng bộ bắt đầu ngay.</source>
            <translation>The workstation is enrolled with the provincial server. Sync starts now.</translation>
        </message>
        <message>
            <source>Không đăng ký được: %1</source>
            <translation>Could not enroll: %1</translation>
        </message>
        <message>
            <source>Không đăng ký được (lỗi không mong đợi): %1</source>
            <translation>Could not enroll (unexpected error): %1</translation>
        </message>
    </context>
    <context>
        <name>HistoryTableModel</name>
        <message>
            <source>Thời gian</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Sự kiện</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>Cán bộ</source>
            <translation>Officer</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Chi tiết</source>
            <translation>Details</translation>
        </message>
    </context>
    <context>
        <name>IntegrityCheck</name>
        <message>
            <source>Đang kiểm tra cơ sở dữ liệu…</source>
            <translation>Checking the database…</translation>
        </message>
        <message>
            <source>Phần mềm sẽ đóng.</source>
            <translation>The program will close.</translation>
        </message>
        <message>
            <source>Phần mềm sẽ đóng sau khi khôi phục.</source>
            <translation>The program will close after the restore.</translation>
        </message>
    </context>
    <context>
        <name>LockOverlay</name>
        <message>
            <source>Màn hình đã khoá. Cán bộ %1 hãy nhập lại mật khẩu để tiếp tục.</source>
            <translation>The screen is locked. %1, enter your password again to continue.</translation>
        </message>
        <message>
            <source>Mở khoá</source>
            <translation>Unlock</translation>
        </message>
    </context>
    <context>
        <name>LogbookTableModel</name>
        <message>
            <source>Số TT</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Ngày nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Thời hạn</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Late</translation>
        </message>
        <message>
            <source>Đến hạn hôm nay</source>
            <translation>Due today</translation>
        </message>
    </context>
    <context>
        <name>LogbookView</name>
        <message>
            <source>Tìm theo tên (gõ không dấu được), số giấy tờ, điện thoại, mã hồ sơ</source>
            <translation>Search by name (diacritics optional), ID number, phone or dossier code</translation>
        </message>
        <message>
            <source>Từ ngày</source>
            <translation>From</translation>
        </message>
        <message>
            <source>Mọi trạng thái</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <source>Mọi thủ tục</source>
            <translation>All procedures</translation>
        </message>
        <message>
            <source>Đến hạn hôm nay</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Late</translation>
        </message>
        <message>
            <source>Xuất Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <source>In sổ…</source>
            <translation>Print logbook…</translation>
        </message>
        <message>
            <source>Mới nhất trước</source>
            <translation>Newest first</translation>
        </message>
        <message>
            <source>Thứ tự các dòng khi in hoặc xuất sổ</source>
            <translation>Order of the lines when printing or exporting the logbook</translation>
        </message>
        <message>
            <source>đến</source>
            <translation>to</translation>
        </message>
        <message>
            <source>%1 hồ sơ</source>
            <translation>%1 dossiers</translation>
        </message>
        <message>
            <source>Xuất sổ theo dõi hồ sơ</source>
            <translation>Export the dossier logbook</translation>
        </message>
        <message>
            <source>Đang xuất sổ ra Excel…</source>
            <translation>Exporting the logbook to Excel…</translation>
        </message>
        <message>
            <source>Đã xuất %1 hồ sơ ra %2</source>
            <translation>Exported %1 dossiers to %2</translation>
        </message>
        <message>
            <source>Sổ theo dõi hồ sơ</source>
            <translation>Dossier logbook</translation>
        </message>
        <message>
            <source>Đã gửi sổ theo dõi tới máy in %1.</source>
            <translation>The logbook was sent to the printer %1.</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Đã lưu sổ theo dõi thành tệp %1.</source>
            <translation>The logbook was saved as %1.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Đăng nhập</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Tiếp nhận và trả kết quả hồ sơ</source>
            <translation>Dossier reception and results</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Hãy nhập tên đăng nhập.</source>
            <translation>Enter your username.</translation>
        </message>
        <message>
            <source>Hãy nhập mật khẩu.</source>
            <translation>Enter the password.</translation>
        </message>
        <message>
            <source>Đang kiểm tra…</source>
            <translation>Checking…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Tiếp nhận và trả kết quả hồ sơ</source>
            <translation>Dossier reception and results</translation>
        </message>
        <message>
            <source>Theo dõi hồ sơ</source>
            <translation>Dossier tracking</translation>
        </message>
        <message>
            <source>Hôm nay</source>
            <extracomment>Signals of other pages that announce a committed write to the store.</extracomment>
            <translation>Today</translation>
        </message>
        <message>
            <source>Sổ theo dõi hồ sơ</source>
            <translation>Dossier logbook</translation>
        </message>
        <message>
            <source>Tiếp nhận hồ sơ</source>
            <extracomment>Imported on the store's opening thread: the core modules that the receive page's first jobs and the pages added once the store is open need (SQLAlchemy models, catalogue, calendar, lookup, logbook queries). Only ``counter_app`` modules, which never import Qt: PySide6 makes its types on first use and that is not safe from two threads at once (``Qt.Key`` was found missing when ``ui.scanner`` was imported here), so every ``ui`` module is imported on the GUI thread, in ``_install_pages``, where these are already loaded (tests/ui/test_store_opening_imports.py).</extracomment>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Hệ thống</source>
            <translation>System</translation>
        </message>
        <message>
            <source>Cài đặt…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Quản trị</source>
            <translation>Administration</translation>
        </message>
        <message>
            <source>Đã khôi phục</source>
            <translation>Restored</translation>
        </message>
        <message>
            <source>Đã khôi phục dữ liệu từ %1. Phần mềm sẽ đóng; hãy mở lại để làm việc với dữ liệu đã khôi phục.</source>
            <translation>Restored the data from %1. The program will close; open it again to work with the restored data.</translation>
        </message>
    </context>
    <context>
        <name>NewOfficerDialog</name>
        <message>
            <source>Tạo tài khoản</source>
            <translation>Create account</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Quyền</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
    </context>
    <context>
        <name>OfficerTableModel</name>
        <message>
            <source>Tên đăng nhập</source>
            <translation>Username</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Quyền</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Đã vô hiệu hoá</source>
            <translation>Disabled</translation>
        </message>
        <message>
            <source>Bị khoá đến %1</source>
            <translation>Locked until %1</translation>
        </message>
        <message>
            <source>Đang dùng</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Chưa có mật khẩu</source>
            <translation>No password yet</translation>
        </message>
    </context>
    <context>
        <name>OverrideTableModel</name>
        <message>
            <source>Ngày</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Căn cứ pháp lý</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Có căn cứ</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <source>Chưa xác nhận: chưa có văn bản</source>
            <translation>Unconfirmed: no act cited</translation>
        </message>
    </context>
    <context>
        <name>PersonalDataView</name>
        <message>
            <source> tháng</source>
            <translation> months</translation>
        </message>
        <message>
            <source>Lưu thời hạn</source>
            <translation>Save the period</translation>
        </message>
        <message>
            <source>Xem hồ sơ sẽ bị xoá</source>
            <translation>Show the dossiers to be erased</translation>
        </message>
        <message>
            <source>Xoá dữ liệu cá nhân hết hạn ngay</source>
            <translation>Erase expired personal data now</translation>
        </message>
        <message>
            <source>Thời hạn lưu dữ liệu cá nhân</source>
            <translation>Personal data retention</translation>
        </message>
        <message>
            <source>Sau khi hồ sơ kết thúc</source>
            <translation>After the dossier is finished</translation>
        </message>
        <message>
            <source>Hết thời hạn này, họ tên, số giấy tờ, điện thoại, địa chỉ, thư điện tử và người đại diện của hồ sơ đã kết thúc được xoá khỏi máy này, chỉ khi hệ thống tỉnh đã xác nhận mọi sự kiện của hồ sơ. Mã hồ sơ, thủ tục, thời gian và trạng thái được giữ lại. Việc xoá chạy mỗi ngày một lần khi mở phần mềm.</source>
            <translation>After this period, the name, ID number, phone, address, e-mail and representative of a finished dossier are erased from this computer, only once the provincial system has acknowledged every event of the dossier. The dossier code, procedure, times and statuses are kept. The erasure runs once a day when the program starts.</translation>
        </message>
        <message>
            <source>Trích xuất dữ liệu của một người (yêu cầu của chủ thể dữ liệu)</source>
            <translation>Export one person's data (data subject's request)</translation>
        </message>
        <message>
            <source>Số CCCD, CMND hoặc hộ chiếu</source>
            <translation>CCCD, CMND or passport number</translation>
        </message>
        <message>
            <source>Trích xuất ra tệp JSON và PDF…</source>
            <translation>Export to JSON and PDF files…</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi: %1</source>
            <translation>Unexpected error: %1</translation>
        </message>
        <message>
            <source>Đã lưu: dữ liệu cá nhân được giữ %1 tháng sau khi hồ sơ kết thúc.</source>
            <translation>Saved: personal data is kept %1 months after the dossier is finished.</translation>
        </message>
        <message>
            <source>Lưu dữ liệu trích xuất</source>
            <translation>Save the exported data</translation>
        </message>
        <message>
            <source>Tệp JSON (*.json)</source>
            <translation>JSON files (*.json)</translation>
        </message>
        <message>
            <source>Đã trích xuất %1 hồ sơ vào %2 và %3.</source>
            <translation>Exported %1 dossiers to %2 and %3.</translation>
        </message>
        <message>
            <source>Sẽ xoá dữ liệu cá nhân của %1 hồ sơ (%2); %3 hồ sơ quá hạn còn chờ hệ thống tỉnh xác nhận.</source>
            <translation>Would erase the personal data of %1 dossiers (%2); %3 dossiers past retention still wait for the provincial system's acknowledgement.</translation>
        </message>
        <message>
            <source>Đã xoá dữ liệu cá nhân của %1 hồ sơ (%2); %3 hồ sơ quá hạn còn chờ hệ thống tỉnh xác nhận.</source>
            <translation>Erased the personal data of %1 dossiers (%2); %3 dossiers past retention still wait for the provincial system's acknowledgement.</translation>
        </message>
    </context>
    <context>
        <name>PrintController</name>
        <message>
            <source>Không tạo được phiếu: %1</source>
            <translation>The slip could not be made: %1</translation>
        </message>
    </context>
    <context>
        <name>PrintPreviewDialog</name>
        <message>
            <source>Xem trước khi in: %1</source>
            <translation>Print preview: %1</translation>
        </message>
        <message>
            <source>&amp;In</source>
            <translation>&amp;Print</translation>
        </message>
        <message>
            <source>&amp;Lưu PDF…</source>
            <translation>&amp;Save PDF…</translation>
        </message>
        <message>
            <source>Đó&amp;ng</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Máy in:</source>
            <translation>Printer:</translation>
        </message>
        <message>
            <source>Lưu phiếu thành PDF</source>
            <translation>Save slip as PDF</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>PrintQueueTableModel</name>
        <message>
            <source>Phiếu</source>
            <translation>Slip</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Thời gian</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Chưa in</source>
            <translation>Not printed</translation>
        </message>
    </context>
    <context>
        <name>PrintQueueView</name>
        <message>
            <source>In &amp;lại phiếu đã chọn</source>
            <translation>&amp;Reprint selected slip</translation>
        </message>
        <message>
            <source>&amp;Làm mới</source>
            <translation>Re&amp;fresh</translation>
        </message>
        <message numerus="yes">
            <source>%n phiếu chưa in</source>
            <translation>
                <numerusform>%n slip not printed</numerusform>
                <numerusform>%n slips not printed</numerusform>
            </translation>
        </message>
        <message>
            <source>Không có phiếu nào chờ in</source>
            <translation>No slips waiting to print</translation>
        </message>
    </context>
    <context>
        <name>ProcedurePicker</name>
        <message>
            <source>Gõ mã hoặc tên thủ tục (không cần dấu), Enter để chọn</source>
            <translation>Type a procedure code or name (diacritics optional), Enter to choose</translation>
        </message>
        <message>
            <source>Chưa chọn thủ tục</source>
            <translation>No procedure chosen</translation>
        </message>
    </context>
    <context>
        <name>ReceiveView</name>
        <message>
            <source>Lý do từ chối, hoặc nội dung cần bổ sung thêm</source>
            <translation>Reason for refusal, or what must be supplemented</translation>
        </message>
        <message>
            <source>Đang mở dữ liệu…</source>
            <translation>Opening the data…</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ</source>
            <translation>Number of sets</translation>
        </message>
        <message>
            <source>Số bản</source>
            <translation>Number of copies</translation>
        </message>
        <message>
            <source>Số trang mỗi bản</source>
            <translation>Pages per copy</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Submission channel</translation>
        </message>
        <message>
            <source>Nơi nhận kết quả</source>
            <translation>Result delivery</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>&lt;b&gt;Thủ tục&lt;/b&gt;</source>
            <translation>&lt;b&gt;Procedure&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Thành phần hồ sơ&lt;/b&gt; (Space: đánh dấu đã nhận)</source>
            <translation>&lt;b&gt;Dossier documents&lt;/b&gt; (Space: mark as received)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Người nộp hồ sơ&lt;/b&gt;</source>
            <translation>&lt;b&gt;Applicant&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Phiếu chưa in&lt;/b&gt;</source>
            <translation>&lt;b&gt;Slips not printed&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Phí, lệ phí: —</source>
            <translation>Fees and charges: —</translation>
        </message>
        <message>
            <source>Hẹn trả kết quả: —</source>
            <translation>Result due: —</translation>
        </message>
        <message>
            <source>Phí, lệ phí: %1 (%2)</source>
            <translation>Fees and charges: %1 (%2)</translation>
        </message>
        <message>
            <source>Hẹn trả kết quả: %1</source>
            <translation>Result due: %1</translation>
        </message>
        <message numerus="yes">
            <source>Chưa lưu: hãy sửa %n mục được báo đỏ.</source>
            <translation>
                <numerusform>Not saved: correct the %n field marked in red.</numerusform>
                <numerusform>Not saved: correct the %n fields marked in red.</numerusform>
            </translation>
        </message>
        <message>
            <source>Đã đọc thông tin từ CCCD của %1.</source>
            <translation>Read the details from %1's citizen ID card.</translation>
        </message>
        <message>
            <source>Người nộp đã từng nộp hồ sơ %1: đã điền lại thông tin.</source>
            <translation>This applicant filed dossier %1 before: details filled in again.</translation>
        </message>
        <message>
            <source>Đã lưu hồ sơ %1, chờ bổ sung: đang in phiếu yêu cầu bổ sung (Mẫu 02). Chưa có hẹn trả kết quả; hẹn được tính khi người nộp bổ sung đủ.</source>
            <translation>Dossier %1 saved, waiting for a supplement: printing the supplement request (Form 02). No result appointment yet; it is set when the applicant completes the dossier.</translation>
        </message>
        <message>
            <source>Đã ghi nhận từ chối tiếp nhận hồ sơ %1: đang in phiếu từ chối (Mẫu 03).</source>
            <translation>Refusal of dossier %1 recorded: printing the refusal slip (Form 03).</translation>
        </message>
        <message>
            <source>Đã lưu hồ sơ %1 — hẹn trả %2.</source>
            <translation>Saved dossier %1 — result due %2.</translation>
        </message>
        <message>
            <source>Lỗi khi lưu: %1</source>
            <translation>Error while saving: %1</translation>
        </message>
        <message>
            <source>Xóa thông tin đang nhập</source>
            <translation>Clear the form</translation>
        </message>
        <message>
            <source>Thông tin đang nhập chưa được lưu. Xóa để tiếp nhận người tiếp theo?</source>
            <translation>What you typed has not been saved. Clear it to serve the next person?</translation>
        </message>
    </context>
    <context>
        <name>RejectedTableModel</name>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Loại thay đổi</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Thời điểm</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Số lần gửi</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>Lý do máy chủ từ chối</source>
            <translation>Server's reason for rejecting</translation>
        </message>
    </context>
    <context>
        <name>RejectedView</name>
        <message>
            <source>Không có mục nào bị từ chối.</source>
            <translation>No rejected items.</translation>
        </message>
        <message>
            <source>Làm mới</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Gửi lại mục đã chọn</source>
            <translation>Send the selected item again</translation>
        </message>
        <message>
            <source>Không đọc được danh sách mục bị từ chối: %1</source>
            <translation>Cannot read the list of refused items: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n mục bị máy chủ từ chối, cần xem xét.</source>
            <translation>
                <numerusform>%n item rejected by the server needs review.</numerusform>
                <numerusform>%n items rejected by the server need review.</numerusform>
            </translation>
        </message>
        <message>
            <source>Mục đồng bộ bị từ chối</source>
            <translation>Rejected sync items</translation>
        </message>
    </context>
    <context>
        <name>SerialScanReader</name>
        <message>
            <source>Máy quét cổng COM: chưa chọn cổng trong Cài đặt → Máy quét.</source>
            <translation>COM port scanner: no port chosen in Settings → Scanner.</translation>
        </message>
        <message>
            <source>Máy quét cổng %1: không mở được (%2), đang thử lại…</source>
            <translation>Scanner on %1: cannot open it (%2), retrying…</translation>
        </message>
        <message>
            <source>Máy quét cổng %1: đã kết nối.</source>
            <translation>Scanner on %1: connected.</translation>
        </message>
        <message>
            <source>Mất kết nối máy quét cổng %1 (%2), đang thử kết nối lại…</source>
            <translation>Lost the scanner on %1 (%2), reconnecting…</translation>
        </message>
        <message>
            <source>không có cổng này</source>
            <translation>no such port</translation>
        </message>
        <message>
            <source>cổng đang được chương trình khác dùng hoặc không có quyền</source>
            <translation>the port is used by another program or access is denied</translation>
        </message>
        <message>
            <source>cổng đã được mở</source>
            <translation>the port is already open</translation>
        </message>
        <message>
            <source>thiết bị đã bị rút ra</source>
            <translation>the device was unplugged</translation>
        </message>
        <message>
            <source>lỗi đọc dữ liệu</source>
            <translation>read error</translation>
        </message>
        <message>
            <source>hết thời gian chờ</source>
            <translation>timed out</translation>
        </message>
        <message>
            <source>lỗi cổng nối tiếp</source>
            <translation>serial port error</translation>
        </message>
    </context>
    <context>
        <name>ServerPage</name>
        <message>
            <source>Máy chủ của tỉnh</source>
            <translation>Provincial server</translation>
        </message>
        <message>
            <source>Có thể bỏ qua để làm việc ngoại tuyến và đăng ký sau trong phần Cài đặt.</source>
            <translation>You can skip this to work offline and enrol later in Settings.</translation>
        </message>
        <message>
            <source>Mã đăng ký do quản trị tỉnh cấp</source>
            <translation>Enrolment code issued by the provincial administrator</translation>
        </message>
        <message>
            <source>Bỏ qua, làm việc ngoại tuyến</source>
            <translation>Skip, work offline</translation>
        </message>
        <message>
            <source>Địa chỉ máy chủ</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>Mã đăng ký</source>
            <translation>Enrolment code</translation>
        </message>
        <message>
            <source>Hãy nhập địa chỉ máy chủ để dùng mã đăng ký.</source>
            <translation>Enter the server address to use the enrolment code.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Cài đặt</source>
            <extracomment>Not a setting: the serial ports present when the dialog opened, as (name, description).</extracomment>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận (Mẫu 01)</source>
            <translation>Receipt slip (Form 01)</translation>
        </message>
        <message>
            <source>Phiếu yêu cầu bổ sung (Mẫu 02)</source>
            <translation>Supplement request (Form 02)</translation>
        </message>
        <message>
            <source>Phiếu từ chối (Mẫu 03)</source>
            <translation>Refusal notice (Form 03)</translation>
        </message>
        <message>
            <source>Văn bản xin lỗi, gia hạn (Mẫu 04)</source>
            <translation>Apology and extension letter (Form 04)</translation>
        </message>
        <message>
            <source>Thông báo dừng giải quyết (Mẫu 05)</source>
            <translation>Notice of stopped processing (Form 05)</translation>
        </message>
        <message>
            <source>Phiếu kiểm soát (Mẫu 06)</source>
            <translation>Control sheet (Form 06)</translation>
        </message>
        <message>
            <source>Danh sách bàn giao hồ sơ</source>
            <translation>Dossier hand-over list</translation>
        </message>
        <message>
            <source>Máy in nhãn mã vạch</source>
            <translation>Barcode label printer</translation>
        </message>
        <message>
            <source>(Máy in mặc định)</source>
            <translation>(Default printer)</translation>
        </message>
        <message>
            <source>A4, hai liên A5 trên một tờ</source>
            <translation>A4, two A5 copies on one sheet</translation>
        </message>
        <message>
            <source>A5, mỗi liên một tờ</source>
            <translation>A5, one copy per sheet</translation>
        </message>
        <message>
            <source>Khổ giấy</source>
            <translation>Paper size</translation>
        </message>
        <message>
            <source>Máy in</source>
            <translation>Printers</translation>
        </message>
        <message>
            <source>Khoảng cách tối đa giữa hai ký tự</source>
            <translation>Longest gap between two characters</translation>
        </message>
        <message>
            <source>Độ dài tối thiểu</source>
            <translation>Shortest scan</translation>
        </message>
        <message>
            <source>Ký tự đầu (tiền tố)</source>
            <translation>Prefix</translation>
        </message>
        <message>
            <source>Ký tự cuối (hậu tố, \r là Enter)</source>
            <translation>Suffix (\r is Enter)</translation>
        </message>
        <message>
            <source>Máy quét</source>
            <translation>Scanner</translation>
        </message>
        <message>
            <source>Ngôn ngữ (áp dụng khi mở lại)</source>
            <translation>Language (applies after a restart)</translation>
        </message>
        <message>
            <source>Chọn…</source>
            <translation>Choose…</translation>
        </message>
        <message>
            <source>Thư mục sao lưu</source>
            <translation>Backup folder</translation>
        </message>
        <message>
            <source> ngày</source>
            <translation> days</translation>
        </message>
        <message>
            <source>Giữ bản sao lưu trong</source>
            <translation>Keep backups for</translation>
        </message>
        <message>
            <source> phút</source>
            <translation> minutes</translation>
        </message>
        <message>
            <source>Khoá màn hình khi không dùng (0: không khoá)</source>
            <translation>Lock the screen when idle (0: never)</translation>
        </message>
        <message>
            <source>Số lần nhập sai mật khẩu trước khi khoá</source>
            <translation>Wrong passwords before the account locks</translation>
        </message>
        <message>
            <source>Thời gian khoá tài khoản</source>
            <translation>Account lockout time</translation>
        </message>
        <message>
            <source>Chỉ quản trị viên được đổi phần sao lưu và bảo mật.</source>
            <translation>Only an administrator can change backup and security settings.</translation>
        </message>
        <message>
            <source>Chung</source>
            <translation>General</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Bàn phím (USB HID, mặc định)</source>
            <translation>Keyboard (USB HID, default)</translation>
        </message>
        <message>
            <source>Cổng COM (USB-COM, nối tiếp: ổn định nhất)</source>
            <translation>COM port (USB-COM, serial: the most robust)</translation>
        </message>
        <message>
            <source>CR (\r, Enter)</source>
            <translation>CR (\r, Enter)</translation>
        </message>
        <message>
            <source>LF (\n, xuống dòng)</source>
            <translation>LF (\n, line feed)</translation>
        </message>
        <message>
            <source>Cách nối máy quét (quản trị viên)</source>
            <translation>Scanner connection (administrator)</translation>
        </message>
        <message>
            <source>Cổng COM</source>
            <translation>COM port</translation>
        </message>
        <message>
            <source>Tốc độ (baud)</source>
            <translation>Speed (baud)</translation>
        </message>
        <message>
            <source>Ký tự kết thúc mã</source>
            <translation>Code terminator</translation>
        </message>
        <message>
            <source>Cổng COM của máy quét: chưa chọn (ví dụ COM3). Chọn cổng hoặc chuyển cách nối về «Bàn phím».</source>
            <translation>Scanner COM port: none chosen (e.g. COM3). Choose a port or set the connection back to «Keyboard».</translation>
        </message>
        <message>
            <source>Không đọc được cài đặt: %1</source>
            <translation>Could not read the settings: %1</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>Thiết lập lần đầu</source>
            <translation>First-run setup</translation>
        </message>
        <message>
            <source>Tiếp theo</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>Quay lại</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Hoàn tất</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Đang thiết lập…</source>
            <translation>Setting up…</translation>
        </message>
        <message>
            <source>Chưa đăng ký được với máy chủ (%1); có thể đăng ký lại trong menu Hệ thống › Đăng ký máy trạm với máy chủ tỉnh…</source>
            <translation>Could not enroll with the server (%1); enroll later from System › Enroll this workstation with the provincial server…</translation>
        </message>
        <message>
            <source>Đã đăng ký quầy với máy chủ của tỉnh.</source>
            <translation>This counter is enrolled with the provincial server.</translation>
        </message>
        <message>
            <source>Đã lưu địa chỉ máy chủ; quầy làm việc ngoại tuyến cho tới khi được đăng ký.</source>
            <translation>Server address saved; the counter works offline until it is enrolled.</translation>
        </message>
        <message>
            <source>Quầy làm việc ngoại tuyến.</source>
            <translation>The counter works offline.</translation>
        </message>
    </context>
    <context>
        <name>SlipActions</name>
        <message>
            <source>Lưu và in (Ctrl+Enter)</source>
            <translation>Save and print (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Yêu cầu bổ sung (Ctrl+B)</source>
            <translation>Request more documents (Ctrl+B)</translation>
        </message>
        <message>
            <source>Từ chối (Ctrl+R)</source>
            <translation>Refuse (Ctrl+R)</translation>
        </message>
        <message>
            <source>In nhãn (Ctrl+L)</source>
            <translation>Print label (Ctrl+L)</translation>
        </message>
        <message>
            <source>In lại (Ctrl+P)</source>
            <translation>Reprint (Ctrl+P)</translation>
        </message>
        <message>
            <source>Xem trước (Ctrl+Shift+P)</source>
            <translation>Preview (Ctrl+Shift+P)</translation>
        </message>
        <message>
            <source>Số hóa (Ctrl+D)</source>
            <translation>Digitise (Ctrl+D)</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung: bỏ đánh dấu (Space) những giấy tờ còn thiếu rồi nhấn Ctrl+B.</source>
            <translation>Documents to supplement: untick (Space) the missing documents, then press Ctrl+B.</translation>
        </message>
        <message>
            <source>Lý do từ chối: không được để trống (nhập vào ô «Lý do»).</source>
            <translation>Reason for refusal: must not be empty (type it in the «Reason» box).</translation>
        </message>
        <message>
            <source>Đang lưu hồ sơ…</source>
            <translation>Saving the dossier…</translation>
        </message>
        <message>
            <source>Đang in phiếu của hồ sơ %1…</source>
            <translation>Printing the slip of dossier %1…</translation>
        </message>
        <message>
            <source>Đã in phiếu của hồ sơ %1 (%2).</source>
            <translation>Printed the slip of dossier %1 (%2).</translation>
        </message>
        <message>
            <source>Chưa in — phiếu của hồ sơ %1 vẫn trong hàng đợi (%2). Nhấn Ctrl+P để in lại.</source>
            <translation>Not printed — the slip of dossier %1 is still queued (%2). Press Ctrl+P to print again.</translation>
        </message>
        <message>
            <source>Chưa có hồ sơ nào vừa lưu để in nhãn.</source>
            <translation>No dossier has just been saved to print a label for.</translation>
        </message>
        <message>
            <source>Chưa có hồ sơ nào vừa lưu để số hóa.</source>
            <translation>No dossier has just been saved to digitise.</translation>
        </message>
        <message numerus="yes">
            <source>Đã lưu bản số hóa của hồ sơ %1 (%n trang).</source>
            <translation>
                <numerusform>Saved the scan of dossier %1 (%n page).</numerusform>
                <numerusform>Saved the scan of dossier %1 (%n pages).</numerusform>
            </translation>
        </message>
        <message>
            <source>Không mở được màn hình số hóa: %1</source>
            <translation>Could not open the digitising screen: %1</translation>
        </message>
        <message>
            <source>Lưu phiếu thành PDF</source>
            <translation>Save slip as PDF</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Đã lưu phiếu thành tệp %1.</source>
            <translation>Saved the slip as %1.</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusWidget</name>
        <message>
            <source>Đồng bộ: đang kiểm tra…</source>
            <translation>Sync: checking…</translation>
        </message>
        <message>
            <source>Nhấn F5 để đồng bộ ngay</source>
            <translation>Press F5 to sync now</translation>
        </message>
        <message>
            <source>Trực tuyến</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Ngoại tuyến</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Tạm dừng: cần đăng ký lại máy trạm</source>
            <translation>Paused: the workstation must enrol again</translation>
        </message>
        <message>
            <source>Chưa đăng ký máy chủ tỉnh</source>
            <translation>Not enrolled with the provincial server</translation>
        </message>
        <message>
            <source>Chờ gửi: %1</source>
            <translation>Waiting to send: %1</translation>
        </message>
        <message>
            <source>Cũ nhất: %1</source>
            <translation>Oldest: %1</translation>
        </message>
        <message>
            <source>Bị từ chối: %1</source>
            <translation>Rejected: %1</translation>
        </message>
        <message>
            <source>Đồng bộ lần cuối: %1</source>
            <translation>Last sync: %1</translation>
        </message>
        <message>
            <source>Giờ tiếp nhận, ngày hẹn và thời hạn đều lấy theo đồng hồ của máy tính này: hãy chỉnh lại đồng hồ (múi giờ Việt Nam, đồng bộ giờ tự động).</source>
            <translation>Receipt times, appointments and deadlines all come from this computer's clock: set the clock right (Vietnam time zone, automatic time synchronisation).</translation>
        </message>
        <message>
            <source>Bản quét chờ gửi: %1</source>
            <translation>Scans waiting: %1</translation>
        </message>
        <message>
            <source>Đang gửi bản quét: %1/%2 tệp (%3%)</source>
            <translation>Sending scans: %1/%2 files (%3%)</translation>
        </message>
        <message>
            <source>Đồng hồ máy này nhanh hơn máy chủ %1</source>
            <translation>This computer's clock is %1 ahead of the server</translation>
        </message>
        <message>
            <source>Đồng hồ máy này chậm hơn máy chủ %1</source>
            <translation>This computer's clock is %1 behind the server</translation>
        </message>
    </context>
    <context>
        <name>SystemMenu</name>
        <message>
            <source>Hệ thống</source>
            <translation>System</translation>
        </message>
        <message>
            <source>Đồng bộ ngay</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <source>Gửi và nhận dữ liệu với máy chủ tỉnh ngay bây giờ</source>
            <translation>Send and receive data with the provincial server now</translation>
        </message>
        <message>
            <source>Đăng ký máy trạm với máy chủ tỉnh…</source>
            <translation>Enroll this workstation with the provincial server…</translation>
        </message>
        <message>
            <source>Đổi mật khẩu…</source>
            <translation>Change password…</translation>
        </message>
        <message>
            <source>Khoá màn hình</source>
            <translation>Lock screen</translation>
        </message>
        <message>
            <source>Đăng xuất</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>Giới thiệu…</source>
            <translation>About…</translation>
        </message>
        <message>
            <source>Chỉ quản trị viên được đăng ký máy trạm.</source>
            <translation>Only an administrator may enroll the workstation.</translation>
        </message>
    </context>
    <context>
        <name>TodayView</name>
        <message>
            <source>Tiếp nhận hôm nay</source>
            <translation>Received today</translation>
        </message>
        <message>
            <source>Đến hạn hôm nay</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Late</translation>
        </message>
        <message>
            <source>Kết quả chờ trả</source>
            <translation>Results awaiting collection</translation>
        </message>
        <message>
            <source>Xem danh sách</source>
            <translation>Show list</translation>
        </message>
        <message>
            <source>Cập nhật lúc %1</source>
            <translation>Updated at %1</translation>
        </message>
        <message>
            <source>Không đọc được số liệu: %1</source>
            <translation>Could not read the figures: %1</translation>
        </message>
    </context>
    <context>
        <name>WorkstationPage</name>
        <message>
            <source>Quầy tiếp nhận</source>
            <translation>Reception counter</translation>
        </message>
        <message>
            <source>Mỗi máy tại cùng một cơ quan phải có số quầy khác nhau.</source>
            <translation>Each computer of the same agency must have a different counter number.</translation>
        </message>
        <message>
            <source>Số quầy</source>
            <translation>Counter number</translation>
        </message>
    </context>
    <context>
        <name>app</name>
        <message>
            <source>Không mở được dữ liệu</source>
            <translation>Cannot open the data</translation>
        </message>
    </context>
    <context>
        <name>backup_place</name>
        <message>
            <source>Thư mục dữ liệu</source>
            <translation>Data folder</translation>
        </message>
    </context>
    <context>
        <name>card</name>
        <message>
            <source>Tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Từ chối</source>
            <translation>Refuse</translation>
        </message>
        <message>
            <source>Yêu cầu bổ sung</source>
            <translation>Supplement requested</translation>
        </message>
        <message>
            <source>Bổ sung xong</source>
            <translation>Supplement completed</translation>
        </message>
        <message>
            <source>Chuyển phòng chuyên môn</source>
            <translation>Hand over to department</translation>
        </message>
        <message>
            <source>Nhận kết quả về</source>
            <translation>Receive result from department</translation>
        </message>
        <message>
            <source>Trả kết quả</source>
            <translation>Return result</translation>
        </message>
        <message>
            <source>Rút hồ sơ</source>
            <translation>Withdrawn</translation>
        </message>
        <message>
            <source>Dừng giải quyết</source>
            <translation>Processing stopped</translation>
        </message>
        <message>
            <source>Yêu cầu nộp nghĩa vụ tài chính</source>
            <translation>Request payment of financial obligations</translation>
        </message>
        <message>
            <source>Đã nộp nghĩa vụ tài chính</source>
            <translation>Financial obligations paid</translation>
        </message>
        <message>
            <source>Xin lỗi và hẹn lại</source>
            <translation>Apology and new date</translation>
        </message>
        <message>
            <source>Sửa thông tin</source>
            <translation>Details edited</translation>
        </message>
        <message>
            <source>In phiếu</source>
            <translation>Slip printed</translation>
        </message>
        <message>
            <source>Cập nhật từ hệ thống tỉnh</source>
            <translation>Update from the provincial system</translation>
        </message>
        <message>
            <source>Xoá dữ liệu cá nhân hết thời hạn lưu trữ</source>
            <translation>Personal data erased after retention</translation>
        </message>
        <message>
            <source>Chưa tiếp nhận tại quầy, chưa tính thời hạn</source>
            <translation>Not yet received at the counter: no deadline running</translation>
        </message>
        <message>
            <source>Đã bổ sung xong</source>
            <translation>Supplement completed</translation>
        </message>
        <message>
            <source>Công dân rút hồ sơ</source>
            <translation>Withdrawn by the citizen</translation>
        </message>
        <message>
            <source>Xin lỗi và hẹn lại (Mẫu 04)</source>
            <translation>Apologise and set a new date (Form 04)</translation>
        </message>
        <message>
            <source>Đã kết thúc</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Còn %1</source>
            <translation>%1 left</translation>
        </message>
        <message>
            <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
            <translation>Receipt and appointment slip</translation>
        </message>
        <message>
            <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
            <translation>Supplement request</translation>
        </message>
        <message>
            <source>Phiếu từ chối tiếp nhận</source>
            <translation>Refusal slip</translation>
        </message>
        <message>
            <source>Văn bản xin lỗi và hẹn lại</source>
            <translation>Apology and new appointment</translation>
        </message>
        <message>
            <source>Thông báo dừng giải quyết hồ sơ</source>
            <translation>Notice of stopped processing</translation>
        </message>
        <message>
            <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
            <translation>Processing control sheet</translation>
        </message>
        <message>
            <source>Danh sách bàn giao</source>
            <translation>Hand-over list</translation>
        </message>
        <message>
            <source>Nhãn hồ sơ</source>
            <translation>Dossier label</translation>
        </message>
        <message>
            <source>bản chính</source>
            <translation>original</translation>
        </message>
        <message>
            <source>bản sao</source>
            <translation>copy</translation>
        </message>
        <message>
            <source>xuất trình</source>
            <translation>shown</translation>
        </message>
        <message>
            <source>trước hạn</source>
            <translation>early</translation>
        </message>
        <message>
            <source>đúng hạn</source>
            <translation>on time</translation>
        </message>
        <message>
            <source>quá hạn</source>
            <translation>late</translation>
        </message>
        <message>
            <source>Tạm dừng tính thời hạn (chờ bổ sung), còn %1</source>
            <translation>Deadline paused (awaiting supplement), %1 left</translation>
        </message>
        <message>
            <source>Đến hạn trong hôm nay, còn %1</source>
            <translation>Due today, %1 left</translation>
        </message>
        <message>
            <source>Đã xong (%1)</source>
            <translation>Done (%1)</translation>
        </message>
        <message>
            <source>Mới đăng ký</source>
            <translation>Newly registered</translation>
        </message>
        <message>
            <source>Đã tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Từ chối tiếp nhận</source>
            <translation>Refused at reception</translation>
        </message>
        <message>
            <source>Đang giải quyết</source>
            <translation>Being processed</translation>
        </message>
        <message>
            <source>Chờ thực hiện nghĩa vụ tài chính</source>
            <translation>Awaiting payment of financial obligations</translation>
        </message>
        <message>
            <source>Đã có kết quả</source>
            <translation>Result ready</translation>
        </message>
        <message>
            <source>Đã trả kết quả</source>
            <translation>Result returned</translation>
        </message>
    </context>
    <context>
        <name>dialog</name>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>file_saving</name>
        <message>
            <source>tệp đang được mở trong một chương trình khác (Foxit Reader, Adobe Acrobat, Excel…) hoặc thư mục không cho phép ghi</source>
            <translation>the file is open in another program (Foxit Reader, Adobe Acrobat, Excel…) or the folder cannot be written to</translation>
        </message>
        <message>
            <source>Không lưu được tệp</source>
            <translation>The file could not be saved</translation>
        </message>
        <message>
            <source>Đóng tệp đó rồi lưu lại, hoặc lưu với tên khác.</source>
            <translation>Close that file and save again, or save under another name.</translation>
        </message>
        <message>
            <source>Chọn tên khác…</source>
            <translation>Choose another name…</translation>
        </message>
        <message>
            <source>Huỷ</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Không lưu được tệp %1: %2.</source>
            <translation>Could not save %1: %2.</translation>
        </message>
        <message>
            <source>Lưu thành %1</source>
            <translation>Save as %1</translation>
        </message>
        <message>
            <source>Lưu với tên khác</source>
            <translation>Save under another name</translation>
        </message>
    </context>
    <context>
        <name>id_kinds</name>
        <message>
            <source>CCCD / số định danh</source>
            <translation>Citizen ID / personal ID number</translation>
        </message>
        <message>
            <source>CMND (9 số)</source>
            <translation>Old ID card (CMND, 9 digits)</translation>
        </message>
        <message>
            <source>Hộ chiếu</source>
            <translation>Passport</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Tax code</translation>
        </message>
    </context>
    <context>
        <name>instance</name>
        <message>
            <source>Phần mềm đã đang mở</source>
            <translation>The application is already open</translation>
        </message>
        <message>
            <source> (tiến trình số %1)</source>
            <extracomment>Named mutexes the window holds on Windows while it runs, whatever its profile: the installer's ``AppMutex`` (packaging/windows/counter-app.iss) looks for them to close or wait for a running copy before an upgrade or an uninstall. ``Global`` sees other sessions' copies.</extracomment>
            <translation> (process %1)</translation>
        </message>
        <message>
            <source>Phần mềm tiếp nhận hồ sơ đã đang mở trên thư mục dữ liệu %1%2. Hãy dùng cửa sổ đang mở (trên thanh tác vụ); không mở hai cửa sổ trên cùng một thư mục dữ liệu.</source>
            <translation>The counter application is already open on the data folder %1%2. Use the open window (on the taskbar); do not open two windows on the same data folder.</translation>
        </message>
    </context>
    <context>
        <name>logs</name>
        <message>
            <source>không rõ chi tiết</source>
            <translation>no details</translation>
        </message>
        <message>
            <source>Lỗi không mong muốn</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <source>Đã xảy ra lỗi không mong muốn (%1). Phần mềm vẫn tiếp tục chạy; nếu thao tác vừa rồi chưa xong, hãy làm lại. Chi tiết đã được ghi vào tệp nhật ký:
%2
Nếu lỗi lặp lại, hãy gửi tệp này cho quản trị viên.</source>
            <translation>An unexpected error occurred (%1). The program keeps running; if what you just did did not finish, please do it again. The details were written to the log file:
%2
If the error happens again, send this file to the administrator.</translation>
        </message>
    </context>
    <context>
        <name>messages</name>
        <message>
            <source>chuyển phòng chuyên môn</source>
            <translation>hand over</translation>
        </message>
        <message>
            <source>nhận kết quả về</source>
            <translation>receive the result of</translation>
        </message>
        <message>
            <source>trả kết quả</source>
            <translation>return the result of</translation>
        </message>
        <message>
            <source>yêu cầu bổ sung</source>
            <translation>request a supplement to</translation>
        </message>
        <message>
            <source>ghi nhận bổ sung xong</source>
            <translation>record the supplement as completed for</translation>
        </message>
        <message>
            <source>yêu cầu thực hiện nghĩa vụ tài chính</source>
            <translation>require the financial obligation for</translation>
        </message>
        <message>
            <source>ghi nhận đã nộp nghĩa vụ tài chính</source>
            <translation>record the financial obligation as paid for</translation>
        </message>
        <message>
            <source>ghi nhận rút hồ sơ</source>
            <translation>record the withdrawal of</translation>
        </message>
        <message>
            <source>dừng giải quyết</source>
            <translation>stop processing</translation>
        </message>
        <message>
            <source>từ chối</source>
            <translation>refuse</translation>
        </message>
        <message>
            <source>xin lỗi và hẹn lại</source>
            <translation>apologise and set a new appointment for</translation>
        </message>
        <message>
            <source>cán bộ tiếp nhận</source>
            <translation>reception officer</translation>
        </message>
        <message>
            <source>giám sát</source>
            <translation>supervisor</translation>
        </message>
        <message>
            <source>quản trị viên</source>
            <translation>administrator</translation>
        </message>
        <message>
            <source>{errors}</source>
            <translation>{errors}</translation>
        </message>
        <message>
            <source>{hour} giờ {minute} phút, ngày {day}</source>
            <translation>{hour}:{minute} on {day}</translation>
        </message>
        <message>
            <source>Mã thủ tục</source>
            <translation>Procedure code</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Số định danh/CCCD</source>
            <translation>Personal ID/CCCD number</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Đối tượng nộp hồ sơ</source>
            <translation>Applicant type</translation>
        </message>
        <message>
            <source>Loại giấy tờ</source>
            <translation>Kind of ID document</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Người đại diện</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Dossier documents</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ</source>
            <translation>Number of dossier sets</translation>
        </message>
        <message>
            <source>Số lượng tính phí</source>
            <translation>Fee quantities</translation>
        </message>
        <message>
            <source>Số bản</source>
            <translation>Number of copies</translation>
        </message>
        <message>
            <source>Số trang</source>
            <translation>Number of pages</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Submission channel</translation>
        </message>
        <message>
            <source>Hình thức nhận kết quả</source>
            <translation>Result delivery</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Thời điểm tiếp nhận</source>
            <translation>Time of receipt</translation>
        </message>
        <message>
            <source>Mã định danh hồ sơ (id)</source>
            <translation>Dossier identifier (id)</translation>
        </message>
        <message>
            <source>Mã QR trên CCCD</source>
            <translation>QR code on the CCCD card</translation>
        </message>
        <message>
            <source>Số CMND</source>
            <translation>CMND number</translation>
        </message>
        <message>
            <source>Số hộ chiếu</source>
            <translation>Passport number</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Tax code</translation>
        </message>
        <message>
            <source>Tên tổ chức, doanh nghiệp</source>
            <translation>Name of the organisation or business</translation>
        </message>
        <message>
            <source>Nam</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>Nữ</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>{label}: {problem}</source>
            <translation>{label}: {problem}</translation>
        </message>
        <message>
            <source>giá trị không hợp lệ</source>
            <translation>the value is not valid</translation>
        </message>
        <message>
            <source>có ký tự điều khiển không hợp lệ (U+{char})</source>
            <translation>contains an invalid control character (U+{char})</translation>
        </message>
        <message>
            <source>không được để trống</source>
            <translation>must not be empty</translation>
        </message>
        <message>
            <source>tối đa {max} ký tự (đang có {length})</source>
            <translation>at most {max} characters (now {length})</translation>
        </message>
        <message>
            <source>không được chứa chữ số («{char}»)</source>
            <translation>must not contain digits («{char}»)</translation>
        </message>
        <message>
            <source>có ký tự không hợp lệ «{char}»</source>
            <translation>contains an invalid character «{char}»</translation>
        </message>
        <message>
            <source>phải có chữ cái</source>
            <translation>must contain letters</translation>
        </message>
        <message>
            <source>chỉ được gồm chữ số (có ký tự «{char}»)</source>
            <translation>must contain digits only (found «{char}»)</translation>
        </message>
        <message>
            <source>phải có đúng {length} chữ số (đang có {count}){hint}</source>
            <translation>must have exactly {length} digits (now {count}){hint}</translation>
        </message>
        <message>
            <source>; số CMND cũ 9 chữ số hãy chọn loại giấy tờ CMND</source>
            <translation>; for an old 9-digit CMND number choose the CMND document kind</translation>
        </message>
        <message>
            <source>; số 12 chữ số hãy chọn loại giấy tờ CCCD</source>
            <translation>; for a 12-digit number choose the CCCD document kind</translation>
        </message>
        <message>
            <source>3 chữ số đầu «{digits}» không phải mã tỉnh, thành phố nào</source>
            <translation>the first 3 digits «{digits}» are not the code of any province or city</translation>
        </message>
        <message>
            <source>chữ số thứ 4–6 «{digits}» ứng với năm sinh {year}, là năm chưa tới</source>
            <translation>digits 4–6 «{digits}» give the birth year {year}, which has not come yet</translation>
        </message>
        <message>
            <source>chữ số thứ 4–6 «{digits}» ứng với năm sinh {year}, không khớp với năm sinh {birth_year}</source>
            <translation>digits 4–6 «{digits}» give the birth year {year}, which does not match the birth year {birth_year}</translation>
        </message>
        <message>
            <source>chữ số thứ 4 «{digit}» ứng với giới tính {sex}, không khớp với giới tính {given}</source>
            <translation>digit 4 «{digit}» gives the sex {sex}, which does not match the sex {given}</translation>
        </message>
        <message>
            <source>phải gồm 6–9 chữ cái hoặc chữ số, không dấu (hộ chiếu Việt Nam: 1 chữ cái và 7 chữ số, ví dụ C1234567)</source>
            <translation>must be 6–9 letters or digits without diacritics (Vietnamese passport: 1 letter and 7 digits, e.g. C1234567)</translation>
        </message>
        <message>
            <source>phải có 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (ví dụ 0100109106 hoặc 0100109106-001)</source>
            <translation>must be 10 digits, or 10 digits, a dash and 3 digits (e.g. 0100109106 or 0100109106-001)</translation>
        </message>
        <message>
            <source>«{code}» không phải mã số thuế hợp lệ (sai chữ số kiểm tra), hãy kiểm tra lại</source>
            <translation>«{code}» is not a valid tax code (wrong check digit); please check it</translation>
        </message>
        <message>
            <source>mã đơn vị phụ thuộc (3 chữ số cuối) phải từ 001 đến 999</source>
            <translation>the branch code (last 3 digits) must be from 001 to 999</translation>
        </message>
        <message>
            <source>chỉ nhận số điện thoại Việt Nam (mã quốc gia +84)</source>
            <translation>only Vietnamese phone numbers are accepted (country code +84)</translation>
        </message>
        <message>
            <source>số cố định phải có 11 chữ số, bắt đầu bằng 02 (ví dụ 02438123456)</source>
            <translation>a landline number must have 11 digits starting with 02 (e.g. 02438123456)</translation>
        </message>
        <message>
            <source>đầu số 01x (11 chữ số) đã chuyển sang 10 chữ số từ năm 2018, hãy nhập số mới (ví dụ 0912345678)</source>
            <translation>01x numbers (11 digits) became 10-digit numbers in 2018; enter the new number (e.g. 0912345678)</translation>
        </message>
        <message>
            <source>phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)</source>
            <translation>must have 10 digits starting with 0 (e.g. 0912345678)</translation>
        </message>
        <message>
            <source>không được có dấu cách (ví dụ ten@example.com)</source>
            <translation>must not contain spaces (e.g. name@example.com)</translation>
        </message>
        <message>
            <source>thiếu dấu @ hoặc phần trước, sau dấu @ (ví dụ ten@example.com)</source>
            <translation>the @ sign or the part before or after it is missing (e.g. name@example.com)</translation>
        </message>
        <message>
            <source>phần trước dấu @ «{local}» không hợp lệ (ví dụ ten@example.com)</source>
            <translation>the part before the @ sign «{local}» is not valid (e.g. name@example.com)</translation>
        </message>
        <message>
            <source>tên miền «{domain}» không hợp lệ (ví dụ ten@example.com)</source>
            <translation>the domain «{domain}» is not valid (e.g. name@example.com)</translation>
        </message>
        <message>
            <source>«{code}» không đúng dạng (ví dụ 1.001193 hoặc 1.004873.000.00.00.H14)</source>
            <translation>«{code}» is not in the right form (e.g. 1.001193 or 1.004873.000.00.00.H14)</translation>
        </message>
        <message>
            <source>phải là số nguyên từ {low} đến {high}</source>
            <translation>must be a whole number from {low} to {high}</translation>
        </message>
        <message>
            <source>tổ chức, doanh nghiệp phải khai mã số thuế</source>
            <translation>an organisation or business must give its tax code</translation>
        </message>
        <message>
            <source>cá nhân phải khai CCCD, CMND hoặc hộ chiếu</source>
            <translation>a person must give a CCCD, CMND or passport</translation>
        </message>
        <message>
            <source>giá trị «{value}» không hợp lệ</source>
            <translation>the value «{value}» is not valid</translation>
        </message>
        <message>
            <source>{label} (dòng {line})</source>
            <translation>{label} (line {line})</translation>
        </message>
        <message>
            <source>{where}, tên giấy tờ</source>
            <translation>{where}, document name</translation>
        </message>
        <message>
            <source>số lượng phải từ 1 đến 99</source>
            <translation>the quantity must be from 1 to 99</translation>
        </message>
        <message>
            <source>hình thức giấy tờ không hợp lệ</source>
            <translation>the document's form is not valid</translation>
        </message>
        <message>
            <source>chưa đánh dấu giấy tờ nào đã nhận</source>
            <translation>no document has been marked as received</translation>
        </message>
        <message>
            <source>không phải ngày hợp lệ</source>
            <translation>is not a valid date</translation>
        </message>
        <message>
            <source>«{text}» không phải ngày hợp lệ (năm-tháng-ngày)</source>
            <translation>«{text}» is not a valid date (year-month-day)</translation>
        </message>
        <message>
            <source>{day} phải là một ngày trong quá khứ</source>
            <translation>{day} must be a day in the past</translation>
        </message>
        <message>
            <source>{day} không được trước năm 1900</source>
            <translation>{day} must not be before 1900</translation>
        </message>
        <message>
            <source>«{value}» không phải UUID dạng 8-4-4-4-12 chữ số hex</source>
            <translation>«{value}» is not a UUID of the form 8-4-4-4-12 hex digits</translation>
        </message>
        <message>
            <source>«{value}» không phải UUIDv7 (phiên bản {version}); hãy để trống để phần mềm tự tạo</source>
            <translation>«{value}» is not a UUIDv7 (version {version}); leave it empty to let the software make one</translation>
        </message>
        <message>
            <source>không phải thời điểm hợp lệ</source>
            <translation>is not a valid time</translation>
        </message>
        <message>
            <source>năm {year} nằm ngoài {first}–{last}</source>
            <translation>the year {year} is outside {first}–{last}</translation>
        </message>
        <message>
            <source>{time} ngày {day} là sau thời điểm hiện tại</source>
            <translation>{time} on {day} is after the present time</translation>
        </message>
        <message>
            <source>Mã QR trên CCCD không hợp lệ: {problems}</source>
            <translation>The QR code on the CCCD card is not valid: {problems}</translation>
        </message>
        <message>
            <source>không có dữ liệu</source>
            <translation>it holds no data</translation>
        </message>
        <message>
            <source>không có các trường phân cách bằng dấu «|»</source>
            <translation>it has no fields separated by «|»</translation>
        </message>
        <message>
            <source>ngày sinh</source>
            <translation>date of birth</translation>
        </message>
        <message>
            <source>ngày cấp</source>
            <translation>date of issue</translation>
        </message>
        <message>
            <source>{what} «{raw}» không đúng dạng ngày tháng năm (ddmmyyyy)</source>
            <translation>{what} «{raw}» is not a date of the form ddmmyyyy</translation>
        </message>
        <message>
            <source>{what} «{raw}» không phải ngày có thật</source>
            <translation>{what} «{raw}» is not a real date</translation>
        </message>
        <message>
            <source>{what} «{raw}» nằm ngoài khoảng cho phép</source>
            <translation>{what} «{raw}» is outside the allowed range</translation>
        </message>
        <message>
            <source>giới tính «{raw}» phải là Nam hoặc Nữ</source>
            <translation>sex «{raw}» must be Nam (male) or Nữ (female)</translation>
        </message>
        <message>
            <source>ngày cấp trước ngày sinh</source>
            <translation>the date of issue is before the date of birth</translation>
        </message>
        <message>
            <source>thiếu số định danh/CCCD</source>
            <translation>the personal ID/CCCD number is missing</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung (dòng {line})</source>
            <translation>Document to supplement (line {line})</translation>
        </message>
        <message>
            <source>Phòng chuyên môn nhận hồ sơ</source>
            <translation>Specialist department receiving the dossier</translation>
        </message>
        <message>
            <source>Họ và tên người được ủy quyền</source>
            <translation>Full name of the authorised person</translation>
        </message>
        <message>
            <source>Nội dung nghĩa vụ tài chính</source>
            <translation>Financial obligation details</translation>
        </message>
        <message>
            <source>Số biên lai, chứng từ</source>
            <translation>Receipt or voucher number</translation>
        </message>
        <message>
            <source>Lý do rút hồ sơ</source>
            <translation>Reason for withdrawing the dossier</translation>
        </message>
        <message>
            <source>Lý do dừng giải quyết</source>
            <translation>Reason for stopping processing</translation>
        </message>
        <message>
            <source>Người quyết định dừng</source>
            <translation>Person who decided to stop</translation>
        </message>
        <message>
            <source>Nội dung thông báo cho người nộp</source>
            <translation>Notice to the applicant</translation>
        </message>
        <message>
            <source>Lý do từ chối</source>
            <translation>Reason for refusal</translation>
        </message>
        <message>
            <source>Lý do chậm trả kết quả</source>
            <translation>Reason for the late result</translation>
        </message>
        <message>
            <source>Cơ quan giải quyết hồ sơ</source>
            <translation>Agency processing the dossier</translation>
        </message>
        <message>
            <source>Chức vụ người ký</source>
            <translation>Signer's position</translation>
        </message>
        <message>
            <source>Họ tên người ký</source>
            <translation>Signer's full name</translation>
        </message>
        <message>
            <source>Lý do sửa hồ sơ</source>
            <translation>Reason for the correction</translation>
        </message>
        <message>
            <source>Sửa hồ sơ sau khi tiếp nhận</source>
            <translation>Correcting a dossier after receipt</translation>
        </message>
        <message>
            <source>Từ chối tiếp nhận hồ sơ</source>
            <translation>Refusing a dossier</translation>
        </message>
        <message>
            <source>Rút hồ sơ</source>
            <translation>Withdrawing a dossier</translation>
        </message>
        <message>
            <source>{action}: cần đăng nhập với quyền {role}.</source>
            <translation>{action}: you must sign in with the {role} role.</translation>
        </message>
        <message>
            <source>{action}: cần quyền {role}; tài khoản '{name}' chỉ có quyền {has}.</source>
            <translation>{action}: needs the {role} role; the account '{name}' only has the {has} role.</translation>
        </message>
        <message>
            <source>Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá (sau {limit} lần nhập sai liên tiếp, tài khoản bị khoá {minutes} phút).</source>
            <translation>Wrong user name or password, or the account is locked for now (after {limit} wrong attempts in a row, the account is locked for {minutes} minutes).</translation>
        </message>
        <message>
            <source>Tài khoản đang bị khoá do nhập sai mật khẩu nhiều lần; thử lại sau {until}.</source>
            <translation>The account is locked after too many wrong passwords; try again after {until}.</translation>
        </message>
        <message>
            <source>Tài khoản này đã bị vô hiệu hoá; hãy liên hệ quản trị viên.</source>
            <translation>This account has been disabled; contact an administrator.</translation>
        </message>
        <message>
            <source>Tài khoản chưa có mật khẩu; hãy nhờ quản trị viên đặt mật khẩu.</source>
            <translation>The account has no password yet; ask an administrator to set one.</translation>
        </message>
        <message>
            <source>Nhập sai mật khẩu {limit} lần: tài khoản bị khoá {minutes} phút, đến {hour} giờ {minute} phút.</source>
            <translation>Wrong password {limit} times: the account is locked for {minutes} minutes, until {hour}:{minute}.</translation>
        </message>
        <message>
            <source>Tên đăng nhập hoặc mật khẩu không đúng (còn {left} lần thử trước khi bị khoá).</source>
            <translation>Wrong user name or password ({left} attempts left before the account is locked).</translation>
        </message>
        <message>
            <source>Không tìm thấy cán bộ đang đăng nhập.</source>
            <translation>The signed-in officer was not found.</translation>
        </message>
        <message>
            <source>Mật khẩu: cần ít nhất {minimum} ký tự</source>
            <translation>Password: at least {minimum} characters are needed</translation>
        </message>
        <message>
            <source>Tên đăng nhập: 3–50 ký tự, chỉ gồm chữ không dấu, chữ số, '.', '_' hoặc '-'</source>
            <translation>User name: 3–50 characters, only letters without diacritics, digits, '.', '_' or '-'</translation>
        </message>
        <message>
            <source>Không tìm thấy tài khoản '{username}'.</source>
            <translation>No account '{username}' was found.</translation>
        </message>
        <message>
            <source>Tạo tài khoản: tài khoản đầu tiên phải là quản trị viên.</source>
            <translation>Creating an account: the first account must be an administrator.</translation>
        </message>
        <message>
            <source>Họ và tên: không được để trống</source>
            <translation>Full name: must not be empty</translation>
        </message>
        <message>
            <source>Tên đăng nhập '{name}' đã có</source>
            <translation>The user name '{name}' is already taken</translation>
        </message>
        <message>
            <source>Không thể tự vô hiệu hoá tài khoản đang đăng nhập.</source>
            <translation>You cannot disable the account you are signed in with.</translation>
        </message>
        <message>
            <source>Không thể vô hiệu hoá quản trị viên cuối cùng.</source>
            <translation>The last administrator cannot be disabled.</translation>
        </message>
        <message>
            <source>Không thể hạ quyền quản trị viên cuối cùng.</source>
            <translation>The last administrator cannot be given a lower role.</translation>
        </message>
        <message>
            <source>Mật khẩu hiện tại không đúng</source>
            <translation>The current password is wrong</translation>
        </message>
        <message>
            <source>Tạo tài khoản</source>
            <translation>Creating an account</translation>
        </message>
        <message>
            <source>Vô hiệu hoá tài khoản</source>
            <translation>Disabling an account</translation>
        </message>
        <message>
            <source>Kích hoạt tài khoản</source>
            <translation>Enabling an account</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu</source>
            <translation>Resetting a password</translation>
        </message>
        <message>
            <source>Đổi quyền tài khoản</source>
            <translation>Changing an account's role</translation>
        </message>
        <message>
            <source>{time} ngày {day} là trước khi cơ quan bắt đầu dùng phần mềm ({set_up})</source>
            <translation>{time} on {day} is before the agency started using the software ({set_up})</translation>
        </message>
        <message>
            <source>Thời điểm tiếp nhận {time} ngày {day}: ghi lùi quá {hours} giờ</source>
            <translation>Time of receipt {time} on {day}: back-dated by more than {hours} hours</translation>
        </message>
        <message>
            <source>Thủ tục: không có mã '{code}' trong danh mục</source>
            <translation>Procedure: the code '{code}' is not in the catalogue</translation>
        </message>
        <message>
            <source>Mã định danh hồ sơ (id): '{id}' đã là của hồ sơ {holder}</source>
            <translation>Dossier identifier (id): '{id}' already belongs to dossier {holder}</translation>
        </message>
        <message>
            <source>Cán bộ tiếp nhận: không có tài khoản '{officer}'</source>
            <translation>Receiving officer: there is no account '{officer}'</translation>
        </message>
        <message>
            <source>Cán bộ tiếp nhận: tài khoản '{username}' đã bị vô hiệu hoá</source>
            <translation>Receiving officer: the account '{username}' has been disabled</translation>
        </message>
        <message>
            <source>Hồ sơ dữ liệu chưa được thiết lập cơ quan và số quầy.</source>
            <translation>The data profile has no agency and counter number set up yet.</translation>
        </message>
        <message>
            <source>Không tìm thấy cán bộ '{officer}'.</source>
            <translation>No officer '{officer}' was found.</translation>
        </message>
        <message>
            <source>Không ghi được tệp khóa chung của máy '{path}': {reason}. Quản trị viên hãy kiểm tra quyền ghi của thư mục {folder} (bộ cài đặt cấp quyền này cho người dùng của máy) và chỗ trống trên ổ đĩa.</source>
            <translation>The machine's shared key file '{path}' could not be written: {reason}. An administrator should check that the folder {folder} can be written (the installer gives the machine's users this right) and that the disk has free space.</translation>
        </message>
        <message>
            <source>Chưa có cán bộ nào trong hồ sơ dữ liệu.</source>
            <translation>The data profile has no officer yet.</translation>
        </message>
        <message>
            <source>Mẫu số phiếu '{pattern}': phải có {n}, chỉ dùng {n} {year} {yy} {ws}, tối đa 40 ký tự (ví dụ {n}/PYCBS)</source>
            <translation>Slip number pattern '{pattern}': must contain {n}, may use only {n} {year} {yy} {ws}, at most 40 characters (e.g. {n}/PYCBS)</translation>
        </message>
        <message>
            <source>Mã định danh cơ quan: phải theo QCVN 102:2016, ví dụ 000.00.14.H56</source>
            <translation>Agency identifier: must follow QCVN 102:2016, e.g. 000.00.14.H56</translation>
        </message>
        <message>
            <source>Tên cơ quan: không được để trống</source>
            <translation>Agency name: must not be empty</translation>
        </message>
        <message>
            <source>Địa danh ghi trên phiếu: không được để trống</source>
            <translation>Place name printed on slips: must not be empty</translation>
        </message>
        <message>
            <source>Số quầy tối đa: phải từ 1 đến 99</source>
            <translation>Highest counter number: must be from 1 to 99</translation>
        </message>
        <message>
            <source>Số quầy: phải từ 1 đến {high}</source>
            <translation>Counter number: must be from 1 to {high}</translation>
        </message>
        <message>
            <source>Tên đơn vị một cửa: tối đa 200 ký tự</source>
            <translation>One-stop unit name: at most 200 characters</translation>
        </message>
        <message>
            <source>Cấp cơ quan: phải là 'province' (cấp tỉnh) hoặc 'commune' (cấp xã), không phải '{level}'</source>
            <translation>Agency level: must be 'province' or 'commune', not '{level}'</translation>
        </message>
        <message>
            <source>Dòng {line}: loại ngày “{kind}” không hợp lệ</source>
            <translation>Line {line}: the day kind “{kind}” is not valid</translation>
        </message>
        <message>
            <source>Dòng {line}: ngày {day} bị trùng</source>
            <translation>Line {line}: the day {day} appears twice</translation>
        </message>
        <message>
            <source>Không dựng được nội dung gửi: sự kiện hoặc hồ sơ của mục này không còn trong cơ sở dữ liệu.</source>
            <translation>Could not build what to send: this item's event or dossier is no longer in the database.</translation>
        </message>
        <message>
            <source>Máy chủ gặp lỗi mỗi lần nhận riêng mục này ({times} lần; {error}); mục được để riêng để kiểm tra, các mục khác vẫn được gửi.</source>
            <translation>The server failed each time it received this item alone ({times} times; {error}); it is set aside to be checked, the other items are still sent.</translation>
        </message>
        <message>
            <source>Máy chủ từ chối ({code}).</source>
            <translation>Refused by the server ({code}).</translation>
        </message>
        <message>
            <source>Lịch ngày lễ chỉ có các năm {first}–{last}, không có năm {year}: hãy kiểm tra lại ngày đã nhập</source>
            <translation>The holiday calendar covers {first}–{last}, not {year}: check the date entered</translation>
        </message>
        <message>
            <source>Đổi cài đặt: cần đăng nhập.</source>
            <translation>Changing a setting: you must sign in.</translation>
        </message>
        <message>
            <source>Sửa thông tin cơ quan</source>
            <translation>Editing the agency's details</translation>
        </message>
        <message>
            <source>Nhập danh mục thủ tục</source>
            <translation>Importing the procedure catalogue</translation>
        </message>
        <message>
            <source>Sửa lịch làm việc</source>
            <translation>Editing the working calendar</translation>
        </message>
        <message>
            <source>Đổi cài đặt '{key}'</source>
            <translation>Changing the setting '{key}'</translation>
        </message>
        <message>
            <source>Danh sách bàn giao lập khi bàn giao một lô hồ sơ, không in riêng cho một hồ sơ.</source>
            <translation>The hand-over list is made when a batch of dossiers is handed over; it is not printed for a single dossier.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} bị từ chối ngay khi nộp: không có giấy tiếp nhận, phiếu kiểm soát hay nhãn.</source>
            <translation>Dossier {code} was refused at the counter: it has no receipt, control sheet or label.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} chưa được tiếp nhận: không có giấy tiếp nhận, phiếu kiểm soát hay nhãn.</source>
            <translation>Dossier {code} has not been received: it has no receipt, control sheet or label.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} không bị từ chối: không in được phiếu từ chối tiếp nhận.</source>
            <translation>Dossier {code} was not refused: no refusal slip can be printed.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} không bị dừng giải quyết: không in được thông báo dừng giải quyết hồ sơ.</source>
            <translation>Processing of dossier {code} was not stopped: no stop notice can be printed.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} chưa từng được yêu cầu bổ sung: không in được phiếu yêu cầu bổ sung.</source>
            <translation>Dossier {code} never had a supplement request: no supplement request can be printed.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} chưa có văn bản xin lỗi, gia hạn: không in được văn bản này.</source>
            <translation>Dossier {code} has no apology with a new appointment: this letter cannot be printed.</translation>
        </message>
        <message>
            <source>Loại phiếu không hợp lệ: '{kind}'</source>
            <translation>Invalid kind of slip: '{kind}'</translation>
        </message>
        <message>
            <source>Phiếu này cần một hồ sơ</source>
            <translation>This slip needs a dossier</translation>
        </message>
        <message>
            <source>Không tìm thấy hồ sơ '{dossier}'.</source>
            <translation>Dossier '{dossier}' was not found.</translation>
        </message>
        <message>
            <source>Không tìm thấy lệnh in '{job}'.</source>
            <translation>Print job '{job}' was not found.</translation>
        </message>
        <message>
            <source>Không tìm thấy hồ sơ của lệnh in '{job}'.</source>
            <translation>The dossier of print job '{job}' was not found.</translation>
        </message>
        <message>
            <source>ổ đĩa đầy</source>
            <translation>the disk is full</translation>
        </message>
        <message>
            <source>không có quyền ghi vào thư mục</source>
            <translation>no permission to write to the folder</translation>
        </message>
        <message>
            <source>Không sao lưu được vào '{target}': {why}</source>
            <translation>Could not back up to '{target}': {why}</translation>
        </message>
        <message>
            <source>Không thể khôi phục: tệp {name} đang được một chương trình khác mở (phần mềm tiếp nhận hồ sơ ở một cửa sổ khác, một lệnh counter-app đang chạy, hoặc phần mềm sao lưu/diệt virus). Hãy đóng chương trình đó rồi thử lại. Dữ liệu hiện tại chưa bị thay đổi. ({reason})</source>
            <translation>Cannot restore: the file {name} is open in another program (the counter software in another window, a counter-app command that is running, or backup or antivirus software). Close that program and try again. The current data has not been changed. ({reason})</translation>
        </message>
        <message>
            <source>Khóa khôi phục không mở được bản sao lưu '{name}': bản sao lưu được mã hóa bằng khóa khác, hoặc đã hỏng.</source>
            <translation>The recovery key does not open the backup '{name}': the backup was encrypted with another key, or it is damaged.</translation>
        </message>
        <message>
            <source>Bản sao lưu '{name}' bị hỏng, không thể khôi phục: {problems}</source>
            <translation>The backup '{name}' is damaged and cannot be restored: {problems}</translation>
        </message>
        <message>
            <source>Thư mục sao lưu: chưa nhập đường dẫn</source>
            <translation>Backup folder: no path entered</translation>
        </message>
        <message>
            <source>Thư mục sao lưu '{path}': cần đường dẫn đầy đủ (ví dụ D:\SaoLuu hoặc \\may-chu\saoluu)</source>
            <translation>Backup folder '{path}': a full path is needed (e.g. D:\Backups or \\server\backups)</translation>
        </message>
        <message>
            <source>Thư mục sao lưu '{path}' không tồn tại (hoặc ổ đĩa, thư mục dùng chung chưa kết nối). Hãy tạo thư mục trước.</source>
            <translation>The backup folder '{path}' does not exist (or the drive or shared folder is not connected). Create the folder first.</translation>
        </message>
        <message>
            <source>'{path}' là một tệp, không phải thư mục.</source>
            <translation>'{path}' is a file, not a folder.</translation>
        </message>
        <message>
            <source>Thư mục sao lưu '{path}' nằm trong thư mục dữ liệu {profile}: hãy chọn một nơi khác (ổ đĩa khác, ổ USB, thư mục dùng chung).</source>
            <translation>The backup folder '{path}' is inside the data folder {profile}: choose another place (another drive, a USB drive, a shared folder).</translation>
        </message>
        <message>
            <source>Không ghi được vào thư mục sao lưu '{path}': {reason}</source>
            <translation>Cannot write to the backup folder '{path}': {reason}</translation>
        </message>
        <message>
            <source>Hồ sơ {code} không có thành phần số {position} (hồ sơ có {count} thành phần, đánh số từ 1 đến {count}).</source>
            <translation>Dossier {code} has no document number {position} (the dossier has {count} documents, numbered 1 to {count}).</translation>
        </message>
        <message>
            <source>Thành phần {position} của hồ sơ {code} («{name}») đã có bản số hóa ({pages} trang). Chọn thêm trang (--append) hoặc thay bản cũ (--replace).</source>
            <translation>Document {position} of dossier {code} («{name}») already has a scan ({pages} pages). Choose to add pages (--append) or to replace the old scan (--replace).</translation>
        </message>
        <message>
            <source>Không có trang nào để lưu.</source>
            <translation>There is no page to save.</translation>
        </message>
        <message>
            <source>Không có trang nào để lưu (đã bỏ {dropped} trang trắng).</source>
            <translation>There is no page to save ({dropped} blank pages were dropped).</translation>
        </message>
        <message>
            <source>Một thành phần có tối đa {limit} trang.</source>
            <translation>A document has at most {limit} pages.</translation>
        </message>
        <message>
            <source>Bản số hóa của thành phần {position} vừa được thay đổi ở nơi khác; hãy quét lại.</source>
            <translation>The scan of document {position} was just changed elsewhere; scan again.</translation>
        </message>
        <message>
            <source>Chưa chọn tệp nào để đính kèm.</source>
            <translation>No file has been chosen to attach.</translation>
        </message>
        <message>
            <source>Máy này chưa cài SANE (chương trình scanimage, gói sane-utils) nên không quét được.</source>
            <translation>SANE is not installed on this computer (the scanimage program, package sane-utils), so it cannot scan.</translation>
        </message>
        <message>
            <source>Máy quét không trả lời sau {seconds} giây; hãy kiểm tra máy quét và quét lại.</source>
            <translation>The scanner did not answer after {seconds} seconds; check the scanner and scan again.</translation>
        </message>
        <message>
            <source>Không tìm thấy máy quét nào. Hãy bật và cắm máy quét, rồi chọn máy trong Cài đặt quét.</source>
            <translation>No scanner was found. Switch on and plug in the scanner, then choose it in the scan settings.</translation>
        </message>
        <message>
            <source>Máy quét này không quét được hai mặt; hãy tắt “Quét hai mặt” trong Cài đặt quét.</source>
            <translation>This scanner cannot scan both sides; turn off “Scan both sides” in the scan settings.</translation>
        </message>
        <message>
            <source>Không mở được máy quét “{device}”. Hãy kiểm tra máy quét đã bật, đã cắm và đúng tên trong Cài đặt quét.</source>
            <translation>Cannot open the scanner “{device}”. Check that it is on, plugged in, and named correctly in the scan settings.</translation>
        </message>
        <message>
            <source>Khay nạp giấy của máy quét đang trống; hãy đặt giấy vào rồi quét lại.</source>
            <translation>The scanner's feeder is empty; load paper and scan again.</translation>
        </message>
        <message>
            <source>Máy quét bị kẹt giấy; hãy gỡ giấy kẹt rồi quét lại cả tập (các trang vừa quét không được giữ).</source>
            <translation>The scanner has a paper jam; clear it and scan the whole stack again (the pages just scanned are not kept).</translation>
        </message>
        <message>
            <source>Nắp máy quét đang mở; hãy đóng nắp rồi quét lại.</source>
            <translation>The scanner's cover is open; close it and scan again.</translation>
        </message>
        <message>
            <source>Máy quét không trả về trang nào; hãy kiểm tra giấy rồi quét lại.</source>
            <translation>The scanner returned no page; check the paper and scan again.</translation>
        </message>
        <message>
            <source>Máy quét “{device}” báo lỗi: {detail}. Hãy kiểm tra máy quét rồi quét lại.</source>
            <translation>The scanner “{device}” reported an error: {detail}. Check the scanner and scan again.</translation>
        </message>
        <message>
            <source>không rõ</source>
            <translation>unknown</translation>
        </message>
        <message>
            <source>Không thấy thư mục nhận bản quét “{folder}”. Hãy kiểm tra thư mục trong Cài đặt quét.</source>
            <translation>The scan folder “{folder}” was not found. Check the folder in the scan settings.</translation>
        </message>
        <message>
            <source>Chưa có bản quét nào hoàn chỉnh trong thư mục “{folder}”.</source>
            <translation>There is no complete scan in the folder “{folder}” yet.</translation>
        </message>
        <message>
            <source>Tệp “{name}” không dùng được làm trang hồ sơ: {why}.</source>
            <translation>The file “{name}” cannot be used as a dossier page: {why}.</translation>
        </message>
        <message>
            <source>không đọc được</source>
            <translation>it cannot be read</translation>
        </message>
        <message>
            <source>không phải ảnh JPEG, PNG, TIFF hay tệp PDF</source>
            <translation>it is not a JPEG, PNG or TIFF image nor a PDF file</translation>
        </message>
        <message>
            <source>ảnh hỏng hoặc chưa ghi xong ({detail})</source>
            <translation>the image is damaged or not completely written ({detail})</translation>
        </message>
        <message>
            <source>ảnh quá lớn</source>
            <translation>the image is too large</translation>
        </message>
        <message>
            <source>trang {number} không phải một trang quét (một ảnh)</source>
            <translation>page {number} is not a scanned page (one image)</translation>
        </message>
        <message>
            <source>PDF hỏng, có mật khẩu hoặc chưa ghi xong ({detail})</source>
            <translation>the PDF is damaged, password-protected or not completely written ({detail})</translation>
        </message>
        <message>
            <source>Quét qua WIA chỉ có trên Windows.</source>
            <translation>Scanning through WIA is only available on Windows.</translation>
        </message>
        <message>
            <source>Thiếu thành phần pywin32 để điều khiển máy quét WIA.</source>
            <translation>The pywin32 component needed to control a WIA scanner is missing.</translation>
        </message>
        <message>
            <source>Không tìm thấy máy quét WIA; hãy kiểm tra máy quét đã bật.</source>
            <translation>No WIA scanner was found; check that the scanner is on.</translation>
        </message>
        <message>
            <source>Khay nạp giấy của máy quét đang trống.</source>
            <translation>The scanner's feeder is empty.</translation>
        </message>
        <message>
            <source>Máy quét bị kẹt giấy; hãy gỡ giấy rồi quét lại.</source>
            <translation>The scanner has a paper jam; clear it and scan again.</translation>
        </message>
        <message>
            <source>Máy quét WIA báo lỗi: {detail}</source>
            <translation>The WIA scanner reported an error: {detail}</translation>
        </message>
        <message>
            <source>Độ phân giải phải là số nguyên từ {low} đến {high} dpi.</source>
            <translation>The resolution must be a whole number from {low} to {high} dpi.</translation>
        </message>
        <message>
            <source>Chế độ màu phải là “gray” (xám) hoặc “color” (màu).</source>
            <translation>The colour mode must be “gray” or “color”.</translation>
        </message>
        <message>
            <source>Tên máy quét không hợp lệ.</source>
            <translation>The scanner name is not valid.</translation>
        </message>
        <message>
            <source>Cấu hình mã hồ sơ ({setting}): không có quy tắc '{rule}'.</source>
            <translation>Dossier code configuration ({setting}): there is no rule '{rule}'.</translation>
        </message>
        <message>
            <source>Cấu hình mã hồ sơ ({setting}): không có quy tắc nào áp dụng cho hồ sơ tiếp nhận ngày {day}.</source>
            <translation>Dossier code configuration ({setting}): no rule applies to a dossier received on {day}.</translation>
        </message>
        <message>
            <source>Thủ tục thuộc giải pháp tập trung toàn quốc: mã hồ sơ theo {basis} cần mã cơ quan dạng MX1X2.Y1Y2Y3.Z1Z2 (cài đặt {setting}), hiện {now}</source>
            <translation>Procedure of the nationwide centralised solution: a dossier code under {basis} needs an agency code of the form MX1X2.Y1Y2Y3.Z1Z2 (setting {setting}), which is now {now}</translation>
        </message>
        <message>
            <source>Thủ tục thuộc giải pháp tập trung toàn quốc: mã hồ sơ cần 2 chữ số của đơn vị chủ quản nền tảng (cài đặt {setting}), hiện {now}</source>
            <translation>Procedure of the nationwide centralised solution: a dossier code needs the platform owner's 2 digits (setting {setting}), which are now {now}</translation>
        </message>
        <message>
            <source>sai dạng: '{value}'.</source>
            <translation>in the wrong form: '{value}'.</translation>
        </message>
        <message>
            <source>chưa có.</source>
            <translation>missing.</translation>
        </message>
        <message>
            <source>Cấu hình mã hồ sơ ({setting}): cần danh sách mã quy tắc, ví dụ {example}.</source>
            <translation>Dossier code configuration ({setting}): a list of rule codes is needed, e.g. {example}.</translation>
        </message>
        <message>
            <source>Cấu hình mã hồ sơ ({setting}): cần ít nhất một quy tắc áp dụng cho mọi thủ tục.</source>
            <translation>Dossier code configuration ({setting}): at least one rule must apply to every procedure.</translation>
        </message>
        <message>
            <source>Mã cơ quan trong mã hồ sơ ({key}): '{value}' không đúng dạng MX1X2.Y1Y2Y3.Z1Z2 (tối đa {max} ký tự, chữ và số ngăn bởi dấu chấm).</source>
            <translation>Agency code in dossier codes ({key}): '{value}' is not of the form MX1X2.Y1Y2Y3.Z1Z2 (at most {max} characters, letters and digits separated by dots).</translation>
        </message>
        <message>
            <source>Mã đơn vị chủ quản nền tảng ({key}): '{value}' phải gồm đúng 2 chữ số.</source>
            <translation>Platform owner code ({key}): '{value}' must be exactly 2 digits.</translation>
        </message>
        <message>
            <source>Trường '{field}' không được sửa sau khi tiếp nhận</source>
            <translation>The field '{field}' cannot be corrected after receipt</translation>
        </message>
        <message>
            <source>Không thể sửa hồ sơ {code}: hồ sơ đã kết thúc ({status}).</source>
            <translation>Cannot correct dossier {code}: the dossier is finished ({status}).</translation>
        </message>
        <message>
            <source>Hồ sơ {code} vừa được thay đổi ở nơi khác; hãy mở lại để xem bản mới.</source>
            <translation>Dossier {code} was just changed elsewhere; open it again to see the new version.</translation>
        </message>
        <message>
            <source>Không có thông tin nào thay đổi</source>
            <translation>Nothing was changed</translation>
        </message>
        <message>
            <source>Không tìm thấy hồ sơ có mã “{code}”.</source>
            <translation>No dossier with the code “{code}” was found.</translation>
        </message>
        <message>
            <source>Không thể {action} hồ sơ {code}: hồ sơ đang ở trạng thái “{status}”.</source>
            <translation>Cannot {action} dossier {code}: the dossier's status is “{status}”.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} vừa được thay đổi ở nơi khác (phiên bản {version}, màn hình đang hiển thị phiên bản {expected}); hãy quét lại để xem trạng thái mới.</source>
            <translation>Dossier {code} was just changed elsewhere (version {version}, the screen shows version {expected}); scan it again to see its new status.</translation>
        </message>
        <message>
            <source>Giấy tờ cần bổ sung: chưa chọn giấy tờ nào cần bổ sung, hoàn thiện</source>
            <translation>Documents to supplement: no document to add or complete has been chosen</translation>
        </message>
        <message>
            <source>Chưa quét hồ sơ nào để bàn giao.</source>
            <translation>No dossier has been scanned for the hand-over.</translation>
        </message>
        <message>
            <source>Mỗi lần bàn giao tối đa {limit} hồ sơ.</source>
            <translation>At most {limit} dossiers can be handed over at a time.</translation>
        </message>
        <message>
            <source>Hồ sơ {code} được quét hai lần trong cùng một lần bàn giao.</source>
            <translation>Dossier {code} was scanned twice in the same hand-over.</translation>
        </message>
        <message>
            <source>Loại giấy tờ của người nhận không hợp lệ</source>
            <translation>The collector's kind of identity paper is not valid</translation>
        </message>
        <message>
            <source>Người nhận kết quả: chọn người nộp hồ sơ hoặc người được ủy quyền</source>
            <translation>Result collector: choose the applicant or an authorised person</translation>
        </message>
        <message>
            <source>Ghi chú: giấy hẹn chưa được thu lại, hãy ghi rõ lý do</source>
            <translation>Note: the appointment slip was not taken back; state the reason</translation>
        </message>
        <message>
            <source>Phí, lệ phí {amount} đồng chưa được thu; hãy thu trước khi trả kết quả</source>
            <translation>Fees of {amount} VND have not been collected; collect them before returning the result</translation>
        </message>
        <message>
            <source>Thời điểm bổ sung xong không thể trước thời điểm yêu cầu bổ sung</source>
            <translation>The supplement cannot be completed before it was requested</translation>
        </message>
        <message>
            <source>Số tiền phải nộp: phải là số nguyên dương (đồng)</source>
            <translation>Amount due: must be a positive whole number (VND)</translation>
        </message>
        <message>
            <source>Ngày hẹn mới: chưa chọn</source>
            <translation>New appointment date: not chosen</translation>
        </message>
        <message>
            <source>Hồ sơ {code} đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai.</source>
            <translation>Dossier {code} already had an apology and a new appointment; a second one is not allowed.</translation>
        </message>
        <message>
            <source>Ngày hẹn mới phải sau ngày hẹn cũ ({old_due}) và sau thời điểm hiện tại</source>
            <translation>The new appointment must be after the old one ({old_due}) and after the present time</translation>
        </message>
        <message>
            <source>Chưa có mã hồ sơ: mã quét được trống.</source>
            <translation>No dossier code: the scanned code is empty.</translation>
        </message>
        <message>
            <source>“{text}” không phải mã hồ sơ (dạng &lt;mã cơ quan&gt;-&lt;YYMMDD&gt;-&lt;số thứ tự 4 chữ số&gt;, ví dụ 000.00.14.H56-260310-0001, hoặc với thủ tục thuộc giải pháp tập trung toàn quốc &lt;mã cơ quan&gt;-&lt;YYMMDD&gt;-&lt;2 chữ số đơn vị chủ quản&gt;&lt;số thứ tự từ 4 chữ số&gt;, ví dụ H56.000.00-260310-010021).</source>
            <translation>“{text}” is not a dossier code (form &lt;agency code&gt;-&lt;YYMMDD&gt;-&lt;4-digit sequence number&gt;, e.g. 000.00.14.H56-260310-0001, or for procedures of the nationwide centralised solution &lt;agency code&gt;-&lt;YYMMDD&gt;-&lt;2-digit managing unit&gt;&lt;sequence number of 4 or more digits&gt;, e.g. H56.000.00-260310-010021).</translation>
        </message>
        <message>
            <source>Không có hồ sơ nào mang mã {code} trên máy này.</source>
            <translation>No dossier on this computer has the code {code}.</translation>
        </message>
        <message>
            <source>Quầy số {workstation} đã dùng hết số thứ tự hồ sơ của ngày {day}.</source>
            <translation>Counter {workstation} has used every dossier number for {day}.</translation>
        </message>
        <message>
            <source>(không có)</source>
            <translation>(none)</translation>
        </message>
        <message>
            <source>{number} – {status}</source>
            <translation>{number} – {status}</translation>
        </message>
        <message>
            <source>{number} (không hợp lệ)</source>
            <translation>{number} (invalid)</translation>
        </message>
        <message>
            <source>Hồ sơ {code}: không có lịch sử xử lý.</source>
            <translation>Dossier {code}: no processing history.</translation>
        </message>
        <message>
            <source>Hồ sơ {code}, sự kiện số {seq} ({kind}): lịch sử không bắt đầu từ lúc tiếp nhận (trạng thái trước ghi là {before}).</source>
            <translation>Dossier {code}, event {seq} ({kind}): the history does not start at reception (the previous status recorded is {before}).</translation>
        </message>
        <message>
            <source>Hồ sơ {code}, sự kiện số {seq} ({kind}): chuyển từ trạng thái {source}, nhưng sự kiện trước đó để hồ sơ ở trạng thái {before}.</source>
            <translation>Dossier {code}, event {seq} ({kind}): moves from status {source}, but the event before left the dossier in status {before}.</translation>
        </message>
        <message>
            <source>Hồ sơ {code}: đang ở trạng thái {status}, nhưng lịch sử dẫn đến trạng thái {last}.</source>
            <translation>Dossier {code}: its status is {status}, but its history leads to status {last}.</translation>
        </message>
        <message>
            <source>Mục chờ đồng bộ số {seq} (hồ sơ {code}): sự kiện của nó không còn trong lịch sử.</source>
            <translation>Outbox item {seq} (dossier {code}): its event is no longer in the history.</translation>
        </message>
        <message>
            <source>Hồ sơ {code}: {detail}</source>
            <translation>Dossier {code}: {detail}</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: dữ liệu không đọc được (đã bị sửa).</source>
            <translation>Audit trail entry {seq}: its data cannot be read (it was edited).</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: được chèn thêm sau mục cuối cùng đã ghi nhận (số {head}).</source>
            <translation>Audit trail entry {seq}: inserted after the last recorded entry ({head}).</translation>
        </message>
        <message>
            <source>Mục nhật ký từ số {first} đến số {last}: đã bị xoá (nhật ký ghi nhận đến mục số {last}).</source>
            <translation>Audit trail entries {first} to {last}: deleted (the trail recorded entries up to {last}).</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: mục cuối cùng đã ghi nhận không còn khớp (đã bị sửa).</source>
            <translation>Audit trail entry {seq}: the last recorded entry no longer matches (it was edited).</translation>
        </message>
        <message>
            <source>Nhật ký: thiếu dấu mục cuối cùng ({key} đã bị xoá).</source>
            <translation>Audit trail: the mark of the last entry is missing ({key} was deleted).</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: nội dung đã bị sửa (không khớp mã băm).</source>
            <translation>Audit trail entry {seq}: its content was edited (the hash does not match).</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: được chèn thêm, không thuộc chuỗi nhật ký.</source>
            <translation>Audit trail entry {seq}: inserted, not part of the trail's chain.</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: đã bị xoá (mục số {next} không nối tiếp mục số {before}).</source>
            <translation>Audit trail entry {seq}: deleted (entry {next} does not follow entry {before}).</translation>
        </message>
        <message>
            <source>Mục nhật ký từ số {first} đến số {last}: đã bị xoá (mục số {next} không nối tiếp mục số {before}).</source>
            <translation>Audit trail entries {first} to {last}: deleted (entry {next} does not follow entry {before}).</translation>
        </message>
        <message>
            <source>Mục nhật ký số {seq}: đã bị sửa và tính lại mã băm (mục số {next} không còn nối tiếp).</source>
            <translation>Audit trail entry {seq}: edited and its hash recomputed (entry {next} no longer follows it).</translation>
        </message>
        <message>
            <source>Mục nhật ký trước số {seq}: đã bị xoá (mục đầu tiên không nối với gốc chuỗi).</source>
            <translation>Audit trail entries before {seq}: deleted (the first entry does not link to the chain's root).</translation>
        </message>
        <message>
            <source>hồ sơ không còn ghi dấu sự kiện cuối cùng của lịch sử.</source>
            <translation>the dossier no longer records the mark of its history's last event.</translation>
        </message>
        <message>
            <source>{count} sự kiện giữa sự kiện số {after} và số {before} đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).</source>
            <translation>{count} event(s) between events {after} and {before} were deleted ({expected} events recorded, {left} left).</translation>
        </message>
        <message>
            <source>{count} sự kiện sau sự kiện số {after} đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).</source>
            <translation>{count} event(s) after event {after} were deleted ({expected} events recorded, {left} left).</translation>
        </message>
        <message>
            <source>{count} sự kiện trước sự kiện số {before} đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).</source>
            <translation>{count} event(s) before event {before} were deleted ({expected} events recorded, {left} left).</translation>
        </message>
        <message>
            <source>{count} sự kiện của lịch sử đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).</source>
            <translation>{count} event(s) of the history were deleted ({expected} events recorded, {left} left).</translation>
        </message>
        <message>
            <source>sự kiện số {seq} đã bị sửa và tính lại mã băm (không còn nối với sự kiện sau nó).</source>
            <translation>event {seq} was edited and its hash recomputed (it no longer links to the event after it).</translation>
        </message>
        <message>
            <source>sự kiện số {seq} được chèn thêm, không thuộc chuỗi lịch sử của hồ sơ.</source>
            <translation>event {seq} was inserted; it is not part of the dossier's history chain.</translation>
        </message>
        <message>
            <source>sự kiện số {seq} đã bị sửa (nội dung không khớp mã băm).</source>
            <translation>event {seq} was edited (its content does not match its hash).</translation>
        </message>
        <message>
            <source>sự kiện số {seq} đã bị xoá bớt dữ liệu mà không có bản ghi xoá dữ liệu cá nhân hợp lệ.</source>
            <translation>event {seq} had data removed without a valid record of a personal data erasure.</translation>
        </message>
        <message>
            <source>thứ tự các sự kiện đã bị đảo (sự kiện số {seqs}).</source>
            <translation>the order of the events was changed (events {seqs}).</translation>
        </message>
        <message>
            <source>hồ sơ ghi nhận {length} sự kiện nhưng chuỗi lịch sử có {count}.</source>
            <translation>the dossier records {length} events but its history chain has {count}.</translation>
        </message>
        <message>
            <source>dữ liệu của hồ sơ đã bị sửa ngoài phần mềm (không khớp dấu niêm phong).</source>
            <translation>the dossier's data was edited outside the application (it does not match its seal).</translation>
        </message>
        <message>
            <source>sự kiện số {seq} thuộc một hồ sơ không có trong sổ.</source>
            <translation>event {seq} belongs to a dossier that is not in the register.</translation>
        </message>
        <message>
            <source>toàn bộ {count} sự kiện của lịch sử đã bị xoá.</source>
            <translation>all {count} events of the history were deleted.</translation>
        </message>
        <message>
            <source>toàn bộ sự kiện của lịch sử đã bị xoá.</source>
            <translation>all events of the history were deleted.</translation>
        </message>
        <message>
            <source>Không dùng được tệp khóa chung của máy '{path}': {why}. Dữ liệu không bị thay đổi. Quản trị viên hãy khôi phục bằng khóa khôi phục đã xuất: counter-app restore --recovery-key TỆP_KHÓA TỆP_SAO_LƯU (tệp khóa hỏng được giữ lại bên cạnh), hoặc chép lại tệp khóa đúng của máy này vào thư mục {folder}.</source>
            <translation>The machine's shared key file '{path}' cannot be used: {why}. No data was changed. An administrator should restore with the exported recovery key: counter-app restore --recovery-key KEY_FILE BACKUP_FILE (the damaged key file is kept beside it), or copy this machine's right key file back into the folder {folder}.</translation>
        </message>
        <message>
            <source>tệp bị hỏng hoặc không phải tệp khóa</source>
            <translation>the file is damaged or is not a key file</translation>
        </message>
        <message>
            <source>tệp thuộc thư mục dữ liệu khác ({profile}), không phải thư mục này</source>
            <translation>the file belongs to another data folder ({profile}), not this one</translation>
        </message>
        <message>
            <source>máy này không giải mã được tệp (tệp bị hỏng, hoặc được chép từ máy khác)</source>
            <translation>this machine cannot decrypt the file (it is damaged, or was copied from another machine)</translation>
        </message>
        <message>
            <source>nội dung tệp bị hỏng</source>
            <translation>the file's content is damaged</translation>
        </message>
        <message>
            <source>tệp thuộc thư mục dữ liệu khác hoặc bị hỏng</source>
            <translation>the file belongs to another data folder or is damaged</translation>
        </message>
        <message>
            <source>Không đọc được tệp khóa chung của máy '{path}': {reason}. Quản trị viên hãy kiểm tra quyền đọc thư mục {folder} cho người dùng của máy (bộ cài đặt cấp quyền này).</source>
            <translation>The machine's shared key file '{path}' cannot be read: {reason}. An administrator should check that the machine's users may read the folder {folder} (the installer grants this).</translation>
        </message>
        <message>
            <source>Dữ liệu dùng chung của máy ({profile}) đã được mã hóa, nhưng khóa của nó chưa được chuyển vào kho khóa chung của máy ({keys_file}): khóa vẫn nằm trong kho khóa riêng của tài khoản Windows đã dùng phần mềm trước khi nâng cấp. Hãy đăng nhập Windows bằng tài khoản đó và mở phần mềm một lần (khóa sẽ tự được chuyển), rồi đăng nhập lại bằng tài khoản này. Nếu không còn tài khoản đó: quản trị viên khôi phục bằng khóa khôi phục đã xuất: counter-app restore --recovery-key TỆP_KHÓA TỆP_SAO_LƯU. Dữ liệu không bị thay đổi.</source>
            <translation>The machine's shared data ({profile}) is encrypted, but its key has not been moved into the machine's shared key store ({keys_file}) yet: the key is still in the private key store of the Windows account that used the application before the upgrade. Sign in to Windows with that account and open the application once (the key is moved by itself), then sign in again with this account. If that account is gone, an administrator restores with the exported recovery key: counter-app restore --recovery-key KEY_FILE BACKUP_FILE. No data was changed.</translation>
        </message>
        <message>
            <source>Thư mục {folder} không phải dữ liệu cũ đã được chuyển sang thư mục dùng chung (không có {note}): không xóa.</source>
            <translation>The folder {folder} is not old data moved to the shared folder (it has no {note}): not deleted.</translation>
        </message>
        <message>
            <source>Chưa xóa {folder}: dữ liệu dùng chung thiếu {count} mục của dữ liệu cũ ({shown}). Không có gì bị xóa.</source>
            <translation>{folder} not deleted: the shared data lacks {count} item(s) of the old data ({shown}). Nothing was deleted.</translation>
        </message>
        <message>
            <source>{items} và {others} mục khác</source>
            <translation>{items} and {others} more</translation>
        </message>
        <message>
            <source>Không đọc được tệp khóa khôi phục '{path}': {reason}</source>
            <translation>The recovery key file '{path}' cannot be read: {reason}</translation>
        </message>
        <message>
            <source>Tệp '{path}' không phải tệp khóa khôi phục của phần mềm tiếp nhận hồ sơ.</source>
            <translation>The file '{path}' is not a recovery key file of the dossier reception application.</translation>
        </message>
        <message>
            <source>Không mở được dữ liệu '{name}': khóa mã hóa của máy này không mở được tệp. Tệp bị hỏng, hoặc được mã hóa bằng khóa mà kho khóa của máy này không có (dữ liệu chép từ máy khác, kho khóa Windows đã bị xóa). Nếu tệp bị hỏng: counter-app restore --newest. Nếu thiếu khóa: quản trị viên khôi phục bằng khóa khôi phục đã xuất: counter-app restore --recovery-key TỆP_KHÓA TỆP_SAO_LƯU.</source>
            <translation>The data '{name}' cannot be opened: this machine's encryption key does not open the file. The file is damaged, or it was encrypted with a key this machine's key store does not hold (data copied from another machine, the Windows key store deleted). If the file is damaged: counter-app restore --newest. If the key is missing: an administrator restores with the exported recovery key: counter-app restore --recovery-key KEY_FILE BACKUP_FILE.</translation>
        </message>
        <message>
            <source>Không mã hóa được '{name}': tệp đang được một chương trình khác mở. Hãy đóng chương trình đó rồi mở lại.</source>
            <translation>'{name}' cannot be encrypted: another program has the file open. Close that program and open again.</translation>
        </message>
        <message>
            <source>Không mã hóa được '{name}': bản mã hóa không mở lại được. Dữ liệu chưa bị thay đổi.</source>
            <translation>'{name}' cannot be encrypted: the encrypted copy does not open again. No data was changed.</translation>
        </message>
        <message>
            <source>tệp bản số hóa {file}… không đúng định dạng</source>
            <translation>the digitised copy's file {file}… is not in the right format</translation>
        </message>
        <message>
            <source>tệp bản số hóa {file}… không giải mã được bằng khóa của máy này (khóa khác, hoặc tệp hỏng)</source>
            <translation>the digitised copy's file {file}… cannot be decrypted with this machine's key (another key, or a damaged file)</translation>
        </message>
        <message>
            <source>Không tìm thấy cơ quan '{agency}'.</source>
            <translation>The agency '{agency}' was not found.</translation>
        </message>
        <message>
            <source>Không có tệp '{path}'.</source>
            <translation>There is no file '{path}'.</translation>
        </message>
        <message>
            <source>Thời hạn lưu dữ liệu cá nhân phải là số tháng từ 1 đến {max}</source>
            <translation>The retention period of personal data must be a number of months from 1 to {max}</translation>
        </message>
        <message>
            <source>Đặt thời hạn lưu dữ liệu cá nhân</source>
            <translation>Set the retention period of personal data</translation>
        </message>
        <message>
            <source>Lỗi không rõ</source>
            <translation>Unknown error</translation>
        </message>
        <message>
            <source>Không ghi được tệp {path}: {reason}</source>
            <translation>The file {path} could not be written: {reason}</translation>
        </message>
        <message>
            <source>{start}… ({length} ký tự)</source>
            <translation>{start}… ({length} characters)</translation>
        </message>
        <message>
            <source>Buổi làm việc không hợp lệ: giờ bắt đầu {start} phải trước giờ kết thúc {end}.</source>
            <translation>Invalid working session: the start time {start} must be before the end time {end}.</translation>
        </message>
        <message>
            <source>Ngày điều chỉnh lịch không hợp lệ: {day}.</source>
            <translation>Invalid calendar override day: {day}.</translation>
        </message>
        <message>
            <source>Loại điều chỉnh lịch “{kind}” không hợp lệ; chỉ nhận: {kinds}.</source>
            <translation>Invalid calendar override kind “{kind}”; only these are accepted: {kinds}.</translation>
        </message>
        <message>
            <source>Điều chỉnh lịch</source>
            <translation>Calendar override</translation>
        </message>
        <message>
            <source>Mục thứ {index}</source>
            <translation>Entry {index}</translation>
        </message>
        <message>
            <source>{where}: phải là một đối tượng có các trường date, kind, note.</source>
            <translation>{where}: must be an object with the fields date, kind, note.</translation>
        </message>
        <message>
            <source>{where}: trường không được hỗ trợ: {fields}.</source>
            <translation>{where}: unsupported field(s): {fields}.</translation>
        </message>
        <message>
            <source>{where}: ngày “{value}” không hợp lệ, cần dạng YYYY-MM-DD.</source>
            <translation>{where}: the date “{value}” is invalid; the form YYYY-MM-DD is needed.</translation>
        </message>
        <message>
            <source>{where}: loại “{kind}” không hợp lệ; chỉ nhận: {kinds}.</source>
            <translation>{where}: the kind “{kind}” is invalid; only these are accepted: {kinds}.</translation>
        </message>
        <message>
            <source>{where}: ghi chú (note) phải là chuỗi ký tự.</source>
            <translation>{where}: the note must be text.</translation>
        </message>
        <message>
            <source>{where}: căn cứ pháp lý (basis) phải là chuỗi ký tự.</source>
            <translation>{where}: the legal basis (basis) must be text.</translation>
        </message>
        <message>
            <source>Tệp điều chỉnh lịch {name} không phải JSON hợp lệ (dòng {line}, cột {column}).</source>
            <translation>The calendar overrides file {name} is not valid JSON (line {line}, column {column}).</translation>
        </message>
        <message>
            <source>Tệp điều chỉnh lịch {name} phải chứa một danh sách các mục.</source>
            <translation>The calendar overrides file {name} must hold a list of entries.</translation>
        </message>
        <message>
            <source>Mục thứ {index}: ngày {day} đã có ở mục thứ {first}.</source>
            <translation>Entry {index}: the day {day} is already in entry {first}.</translation>
        </message>
        <message>
            <source>Ngày {day} được điều chỉnh hai lần.</source>
            <translation>The day {day} is overridden twice.</translation>
        </message>
        <message>
            <source>Ngày nghỉ theo quyết định của tỉnh</source>
            <translation>Day off decided by the province</translation>
        </message>
        <message>
            <source>Số giờ làm việc phải không âm, nhận được {hours}.</source>
            <translation>The number of working hours must not be negative; got {hours}.</translation>
        </message>
        <message>
            <source>Ngày {day} không phải ngày làm việc.</source>
            <translation>{day} is not a working day.</translation>
        </message>
        <message>
            <source>Cần cấu hình ít nhất một buổi làm việc.</source>
            <translation>At least one working session must be configured.</translation>
        </message>
        <message>
            <source>Các buổi làm việc phải theo thứ tự và không chồng lên nhau ({first} và {second}).</source>
            <translation>Working sessions must be in order and must not overlap ({first} and {second}).</translation>
        </message>
        <message>
            <source>Không tìm thấy ngày làm việc nào trong {days} ngày kể từ {day}.</source>
            <translation>No working day found within {days} days from {day}.</translation>
        </message>
        <message>
            <source>Đơn vị thời hạn “{unit}” không hợp lệ.</source>
            <translation>Invalid time limit unit “{unit}”.</translation>
        </message>
        <message>
            <source>Thời hạn giải quyết phải là một số, nhận được {value}.</source>
            <translation>The processing time limit must be a number; got {value}.</translation>
        </message>
        <message>
            <source>Thời hạn giải quyết phải là số không âm, nhận được {value}.</source>
            <translation>The processing time limit must not be negative; got {value}.</translation>
        </message>
        <message>
            <source>Thời hạn tính theo ngày lịch phải là số ngày nguyên, nhận được {value}.</source>
            <translation>A time limit in calendar days must be a whole number of days; got {value}.</translation>
        </message>
        <message>
            <source>Thời điểm bổ sung xong hồ sơ không thể trước thời điểm yêu cầu bổ sung.</source>
            <translation>The moment the dossier was completed cannot be before the moment the supplement was requested.</translation>
        </message>
        <message>
            <source>quy tắc mã hồ sơ thứ {number}</source>
            <translation>dossier code rule {number}</translation>
        </message>
        <message>
            <source>quy tắc mã hồ sơ thứ {number} ({id})</source>
            <translation>dossier code rule {number} ({id})</translation>
        </message>
        <message>
            <source>{where}: phải là một đối tượng JSON</source>
            <translation>{where}: must be a JSON object</translation>
        </message>
        <message>
            <source>{where}: thiếu hoặc sai trường ({detail})</source>
            <translation>{where}: a field is missing or wrong ({detail})</translation>
        </message>
        <message>
            <source>{where}: 'format' phải có đúng một {token}</source>
            <translation>{where}: 'format' must hold exactly one {token}</translation>
        </message>
        <message>
            <source>{where}: 'format' có ký hiệu không hiểu</source>
            <translation>{where}: 'format' holds a sign that is not understood</translation>
        </message>
        <message>
            <source>{where}: {token} cần '{setting}' và ngược lại</source>
            <translation>{where}: {token} needs '{setting}' and the other way round</translation>
        </message>
        <message>
            <source>{where}: 'seq_digits' phải là [ít nhất, nhiều nhất] chữ số, 1–9</source>
            <translation>{where}: 'seq_digits' must be [fewest, most] digits, 1–9</translation>
        </message>
        <message>
            <source>{where}: 'applies_to' phải là một trong {choices}</source>
            <translation>{where}: 'applies_to' must be one of {choices}</translation>
        </message>
        <message>
            <source>quy tắc mã hồ sơ: trùng 'id'</source>
            <translation>dossier code rules: a duplicate 'id'</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ phải là số nguyên dương.</source>
            <translation>The number of dossier sets must be a positive whole number.</translation>
        </message>
        <message>
            <source>Số bản phải là số nguyên dương.</source>
            <translation>The number of copies must be a positive whole number.</translation>
        </message>
        <message>
            <source>Số trang mỗi bản phải là số nguyên dương.</source>
            <translation>The number of pages per copy must be a positive whole number.</translation>
        </message>
        <message>
            <source>Loại phí, lệ phí không hợp lệ: {kind}</source>
            <translation>Invalid kind of fee: {kind}</translation>
        </message>
        <message>
            <source>{name} phải là số nguyên không âm: {value}</source>
            <translation>{name} must be a whole number, not negative: {value}</translation>
        </message>
        <message>
            <source>Không đọc được tệp từ ngữ của phần mềm '{path}' ({detail}); hãy cài đặt lại phần mềm.</source>
            <translation>Cannot read the application's wording file '{path}' ({detail}); please reinstall the application.</translation>
        </message>
        <message>
            <source>Số giấy tờ tùy thân không hợp lệ: nhập số CCCD (12 chữ số), CMND (9 chữ số) hoặc số hộ chiếu</source>
            <translation>Invalid identity document number: enter a CCCD number (12 digits), a CMND number (9 digits) or a passport number</translation>
        </message>
        <message>
            <source>Trích xuất dữ liệu cá nhân</source>
            <translation>Export personal data</translation>
        </message>
        <message>
            <source>Không có bộ mẫu biểu nào trong {folder}</source>
            <translation>There is no set of form templates in {folder}</translation>
        </message>
        <message>
            <source>Không có mẫu biểu {path}</source>
            <translation>Form template {path} is missing</translation>
        </message>
        <message>
            <source>{path}: JSON không hợp lệ (dòng {line}): {detail}</source>
            <translation>{path}: invalid JSON (line {line}): {detail}</translation>
        </message>
        <message>
            <source>{path}: phải là một đối tượng JSON</source>
            <translation>{path}: must be a JSON object</translation>
        </message>
        <message>
            <source>{path}: thiếu danh sách 'blocks'</source>
            <translation>{path}: the 'blocks' list is missing</translation>
        </message>
        <message>
            <source>{path}: khối thứ {number} có loại không hợp lệ</source>
            <translation>{path}: block {number} has an invalid type</translation>
        </message>
        <message>
            <source>{path}: thiếu khối '{block}'</source>
            <translation>{path}: the '{block}' block is missing</translation>
        </message>
        <message>
            <source>{where}.in_force_from: ngày không hợp lệ '{value}'</source>
            <translation>{where}.in_force_from: invalid date '{value}'</translation>
        </message>
        <message>
            <source>{where}: '{text}': {detail}</source>
            <translation>{where}: '{text}': {detail}</translation>
        </message>
        <message>
            <source>{where}: trường không biết [{fields}] trong '{text}'</source>
            <translation>{where}: unknown fields [{fields}] in '{text}'</translation>
        </message>
        <message>
            <source>{where}: mẫu số phải có {n} và chỉ dùng {n} {year} {yy} {ws}: '{pattern}'</source>
            <translation>{where}: a number pattern must contain {n} and use only {n} {year} {yy} {ws}: '{pattern}'</translation>
        </message>
        <message>
            <source>{where}: chỉ dùng {allowed}</source>
            <translation>{where}: use only {allowed}</translation>
        </message>
        <message>
            <source>Mã vạch của hồ sơ {code} rộng {width} mm, nhãn {label} mm chỉ có {room} mm: cần nhãn rộng hơn.</source>
            <translation>The barcode of dossier {code} is {width} mm wide, but a {label} mm label has only {room} mm: a wider label is needed.</translation>
        </message>
        <message>
            <source>Thiếu tệp phông chữ {path}</source>
            <translation>Font file {path} is missing</translation>
        </message>
        <message>
            <source>Không nhập thủ tục nào. Các dòng cần sửa: {problems}</source>
            <translation>No procedure was imported. Rows to correct: {problems}</translation>
        </message>
        <message>
            <source>{where}: {problem}</source>
            <translation>{where}: {problem}</translation>
        </message>
        <message>
            <source>Tệp danh mục</source>
            <translation>Catalogue file</translation>
        </message>
        <message>
            <source>Trang tính '{sheet}'</source>
            <translation>Sheet '{sheet}'</translation>
        </message>
        <message>
            <source>Trang tính '{sheet}', dòng {line}</source>
            <translation>Sheet '{sheet}', row {line}</translation>
        </message>
        <message>
            <source>Thủ tục thứ {line}</source>
            <translation>Procedure no. {line}</translation>
        </message>
        <message>
            <source>{where}, cột '{column}'</source>
            <translation>{where}, column '{column}'</translation>
        </message>
        <message>
            <source>{where}, trường '{column}'</source>
            <translation>{where}, field '{column}'</translation>
        </message>
        <message>
            <source>mã thủ tục '{code}' không đúng dạng (ví dụ: 1.001193 hoặc 1.004873.000.00.00.H14)</source>
            <translation>procedure code '{code}' is not well formed (for example 1.001193 or 1.004873.000.00.00.H14)</translation>
        </message>
        <message>
            <source>phải là số không âm</source>
            <translation>must be a non-negative number</translation>
        </message>
        <message>
            <source>phải là số nguyên</source>
            <translation>must be a whole number</translation>
        </message>
        <message>
            <source>không được là số âm</source>
            <translation>must not be negative</translation>
        </message>
        <message>
            <source>phải là số nguyên từ {minimum} trở lên</source>
            <translation>must be a whole number of at least {minimum}</translation>
        </message>
        <message>
            <source>{what} '{value}' không hợp lệ (chọn một trong: {allowed})</source>
            <translation>{what} '{value}' is not valid (choose one of: {allowed})</translation>
        </message>
        <message>
            <source>đơn vị thời hạn</source>
            <translation>time limit unit</translation>
        </message>
        <message>
            <source>hình thức</source>
            <translation>form</translation>
        </message>
        <message>
            <source>cấp thực hiện</source>
            <translation>level</translation>
        </message>
        <message>
            <source>loại phí, lệ phí</source>
            <translation>fee kind</translation>
        </message>
        <message>
            <source>'{value}' không hợp lệ (ghi {yes} hoặc {no})</source>
            <translation>'{value}' is not valid (write {yes} or {no})</translation>
        </message>
        <message>
            <source>giờ '{value}' không hợp lệ (ghi dạng GG:pp, ví dụ 15:00)</source>
            <translation>time '{value}' is not valid (write HH:mm, for example 15:00)</translation>
        </message>
        <message>
            <source>mỗi thủ tục phải là một đối tượng JSON</source>
            <translation>each procedure must be a JSON object</translation>
        </message>
        <message>
            <source>thiếu hoặc sai dạng (phải là một đối tượng JSON)</source>
            <translation>missing or malformed (must be a JSON object)</translation>
        </message>
        <message>
            <source>phải là một danh sách</source>
            <translation>must be a list</translation>
        </message>
        <message>
            <source>phải là một đối tượng JSON</source>
            <translation>must be a JSON object</translation>
        </message>
        <message>
            <source>không đọc được tệp JSON ({detail})</source>
            <translation>cannot read the JSON file ({detail})</translation>
        </message>
        <message>
            <source>thiếu danh sách 'procedures'</source>
            <translation>the 'procedures' list is missing</translation>
        </message>
        <message>
            <source>phiên bản '{version}' không được hỗ trợ (chỉ nhận {supported})</source>
            <translation>version '{version}' is not supported (only {supported})</translation>
        </message>
        <message>
            <source>mã thủ tục '{code}' bị trùng với thủ tục thứ {first}</source>
            <translation>procedure code '{code}' repeats procedure no. {first}</translation>
        </message>
        <message>
            <source>mã thủ tục '{code}' bị trùng với dòng {first}</source>
            <translation>procedure code '{code}' repeats row {first}</translation>
        </message>
        <message>
            <source>thiếu trang tính '{sheet}'</source>
            <translation>sheet '{sheet}' is missing</translation>
        </message>
        <message>
            <source>thiếu cột này ở dòng tiêu đề</source>
            <translation>this column is missing from the header row</translation>
        </message>
        <message>
            <source>không đọc được tệp Excel ({detail})</source>
            <translation>cannot read the Excel file ({detail})</translation>
        </message>
        <message>
            <source>không có thủ tục mã '{code}' trong trang tính '{sheet}'</source>
            <translation>there is no procedure with code '{code}' in sheet '{sheet}'</translation>
        </message>
        <message>
            <source>không hỗ trợ loại tệp '{suffix}' (chỉ nhận .json hoặc .xlsx)</source>
            <translation>file type '{suffix}' is not supported (only .json or .xlsx)</translation>
        </message>
    </context>
    <context>
        <name>printing</name>
        <message>
            <source>Lỗi máy in: %1</source>
            <translation>Printer error: %1</translation>
        </message>
    </context>
    <context>
        <name>startup</name>
        <message>
            <source>Cơ sở dữ liệu bị hỏng</source>
            <translation>Database damaged</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu bị hỏng (%1) và không tìm thấy bản sao lưu nào còn tốt. Hãy liên hệ quản trị viên.</source>
            <translation>The database is damaged (%1) and no good backup was found. Please contact the administrator.</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu bị hỏng (%1). Khôi phục bản sao lưu tốt mới nhất, lập lúc %2? Tệp bị hỏng được giữ lại trong thư mục set-aside.</source>
            <translation>The database is damaged (%1). Restore the newest good backup, made at %2? The damaged file is kept in the set-aside folder.</translation>
        </message>
    </context>
    <context>
        <name>window</name>
        <message>
            <source>Tiếp nhận hồ sơ</source>
            <extracomment>Imported on the store's opening thread: the core modules that the receive page's first jobs and the pages added once the store is open need (SQLAlchemy models, catalogue, calendar, lookup, logbook queries). Only ``counter_app`` modules, which never import Qt: PySide6 makes its types on first use and that is not safe from two threads at once (``Qt.Key`` was found missing when ``ui.scanner`` was imported here), so every ``ui`` module is imported on the GUI thread, in ``_install_pages``, where these are already loaded (tests/ui/test_store_opening_imports.py).</extracomment>
            <translation>Reception</translation>
        </message>
        <message>
            <source>Hệ thống</source>
            <translation>System</translation>
        </message>
        <message>
            <source>Cài đặt…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Quản trị</source>
            <translation>Administration</translation>
        </message>
        <message>
            <source>Đã khôi phục</source>
            <translation>Restored</translation>
        </message>
        <message>
            <source>Đã khôi phục dữ liệu từ %1. Phần mềm sẽ đóng; hãy mở lại để làm việc với dữ liệu đã khôi phục.</source>
            <translation>Restored the data from %1. The program will close; open it again to work with the restored data.</translation>
        </message>
    </context>
    <context>
        <name>windowed</name>
        <message>
            <source>counter-app.exe là chương trình cửa sổ, không chạy lệnh “%1”. Hãy mở cửa sổ dòng lệnh (cmd hoặc PowerShell) và dùng %2, ví dụ:
%2 %1 …</source>
            <translation>counter-app.exe is the windowed program and does not run the command “%1”. Open a command prompt (cmd or PowerShell) and use %2, for example:
%2 %1 …</translation>
        </message>
        <message>
            <source>Phần mềm tiếp nhận hồ sơ</source>
            <extracomment>The log's own excepthooks have written the traceback already (ui.logs): not again.</extracomment>
            <translation>Counter application</translation>
        </message>
    </context>
</TS>
