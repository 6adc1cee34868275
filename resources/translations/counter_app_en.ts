<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi_VN">
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
        <source>Tên tổ chức, doanh nghiệp</source>
        <translation>Organisation or business name</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tiếp nhận và trả kết quả hồ sơ</source>
        <translation>Dossier reception and results</translation>
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
        <translation>Read the details from %1&apos;s citizen ID card.</translation>
    </message>
    <message>
        <source>Người nộp đã từng nộp hồ sơ %1: đã điền lại thông tin.</source>
        <translation>This applicant filed dossier %1 before: details filled in again.</translation>
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
</TS>
