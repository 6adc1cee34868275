"""The words of the core's codes: each message code, status and action of ``counter_app`` said
in Vietnamese here (the source language) and translated through Qt Linguist (context
``messages``), for the window and the CLI alike.

The core answers with :class:`counter_app.domain.errors.Message` (a code and named parameters); this
module is the one place that turns it into a sentence. A text names its parameters in braces
(``{code}``); a translation keeps the same names in whatever order its language needs.
Qt is used only when the process has loaded it (the window): the CLI, which never loads Qt
for a lookup, says the Vietnamese source texts as they are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from counter_app.domain.enums import DossierStatus, Role
from counter_app.domain.errors import CounterError, Message, Said, ValidationFailed
from counter_app.domain.lifecycle import Action
from counter_app.domain.words import status_names

CONTEXT = "messages"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
STATUS_CONTEXT = "card"  # the status words were the card's first: their translations stay there

#: The national portal's status names (DOMAIN.md §5): one list, ``resources/papers/statuses.json``,
#: which the papers print as they are and the window translates (context "card").
STATUS_WORDS = status_names()

#: An action as a verb phrase inside a sentence ("Không thể {action} hồ sơ …").
ACTION_VERBS = {
    Action.HAND_OVER: "chuyển phòng chuyên môn",
    Action.RESULT_READY: "nhận kết quả về",
    Action.RETURN: "trả kết quả",
    Action.REQUEST_SUPPLEMENT: "yêu cầu bổ sung",
    Action.COMPLETE_SUPPLEMENT: "ghi nhận bổ sung xong",
    Action.REQUIRE_PAYMENT: "yêu cầu thực hiện nghĩa vụ tài chính",
    Action.PAYMENT_DONE: "ghi nhận đã nộp nghĩa vụ tài chính",
    Action.WITHDRAW: "ghi nhận rút hồ sơ",
    Action.STOP: "dừng giải quyết",
    Action.REFUSE: "từ chối",
    Action.APOLOGISE: "xin lỗi và hẹn lại",
}

#: The officers' roles, inside a sentence ("cần quyền {role}").
ROLE_WORDS = {Role.OFFICER: "cán bộ tiếp nhận", Role.SUPERVISOR: "giám sát", Role.ADMIN: "quản trị viên"}

#: Every message code of the core → its Vietnamese text, parameters in braces.
TEXTS: dict[str, str] = {
    # general
    "validation.failed": "{errors}",
    "message.at_time": "{hour} giờ {minute} phút, ngày {day}",
    # the fields of a dossier (counter_app.domain.validation.label_of)
    "field.procedure_code": "Mã thủ tục",
    "field.applicant_name": "Họ và tên",
    "field.id_number": "Số định danh/CCCD",
    "field.address": "Địa chỉ",
    "field.applicant_kind": "Đối tượng nộp hồ sơ",
    "field.id_kind": "Loại giấy tờ",
    "field.birth_date": "Ngày sinh",
    "field.phone": "Số điện thoại",
    "field.email": "Email",
    "field.representative_name": "Người đại diện",
    "field.documents": "Thành phần hồ sơ",
    "field.sets": "Số bộ hồ sơ",
    "field.fee_inputs": "Số lượng tính phí",
    "field.fee_inputs.copies": "Số bản",
    "field.fee_inputs.pages": "Số trang",
    "field.channel": "Hình thức nộp",
    "field.result_delivery": "Hình thức nhận kết quả",
    "field.note": "Ghi chú",
    "field.received_at": "Thời điểm tiếp nhận",
    "field.id": "Mã định danh hồ sơ (id)",
    "field.cccd_qr": "Mã QR trên CCCD",
    "field.id_number.cccd": "Số định danh/CCCD",
    "field.id_number.cmnd": "Số CMND",
    "field.id_number.passport": "Số hộ chiếu",
    "field.id_number.tax_code": "Mã số thuế",
    "field.business_name": "Tên tổ chức, doanh nghiệp",
    "sex.male": "Nam",
    "sex.female": "Nữ",
    # what is wrong with a field (counter_app.domain.validation)
    "validation.labelled": "{label}: {problem}",
    "validation.invalid_value": "giá trị không hợp lệ",
    "validation.control_char": "có ký tự điều khiển không hợp lệ (U+{char})",
    "validation.empty": "không được để trống",
    "validation.too_long": "tối đa {max} ký tự (đang có {length})",
    "validation.name_digit": "không được chứa chữ số («{char}»)",
    "validation.bad_char": "có ký tự không hợp lệ «{char}»",
    "validation.needs_letter": "phải có chữ cái",
    "validation.digits_only": "chỉ được gồm chữ số (có ký tự «{char}»)",
    "validation.digit_count": "phải có đúng {length} chữ số (đang có {count}){hint}",
    "validation.hint_choose_cmnd": "; số CMND cũ 9 chữ số hãy chọn loại giấy tờ CMND",
    "validation.hint_choose_cccd": "; số 12 chữ số hãy chọn loại giấy tờ CCCD",
    "validation.cccd_province": "3 chữ số đầu «{digits}» không phải mã tỉnh, thành phố nào",
    "validation.cccd_future_year": "chữ số thứ 4–6 «{digits}» ứng với năm sinh {year}, là năm chưa tới",
    "validation.cccd_year_mismatch": ("chữ số thứ 4–6 «{digits}» ứng với năm sinh {year}, "
                                      "không khớp với năm sinh {birth_year}"),
    "validation.cccd_sex_mismatch": "chữ số thứ 4 «{digit}» ứng với giới tính {sex}, không khớp với giới tính {given}",
    "validation.passport_form": ("phải gồm 6–9 chữ cái hoặc chữ số, không dấu (hộ chiếu Việt Nam: "
                                 "1 chữ cái và 7 chữ số, ví dụ C1234567)"),
    "validation.tax_code_form": ("phải có 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
                                 "(ví dụ 0100109106 hoặc 0100109106-001)"),
    "validation.tax_code_check": "«{code}» không phải mã số thuế hợp lệ (sai chữ số kiểm tra), hãy kiểm tra lại",
    "validation.tax_code_branch": "mã đơn vị phụ thuộc (3 chữ số cuối) phải từ 001 đến 999",
    "validation.phone_foreign": "chỉ nhận số điện thoại Việt Nam (mã quốc gia +84)",
    "validation.phone_landline": "số cố định phải có 11 chữ số, bắt đầu bằng 02 (ví dụ 02438123456)",
    "validation.phone_old_mobile": ("đầu số 01x (11 chữ số) đã chuyển sang 10 chữ số từ năm 2018, "
                                    "hãy nhập số mới (ví dụ 0912345678)"),
    "validation.phone_form": "phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)",
    "validation.email_space": "không được có dấu cách (ví dụ ten@example.com)",
    "validation.email_at": "thiếu dấu @ hoặc phần trước, sau dấu @ (ví dụ ten@example.com)",
    "validation.email_local": "phần trước dấu @ «{local}» không hợp lệ (ví dụ ten@example.com)",
    "validation.email_domain": "tên miền «{domain}» không hợp lệ (ví dụ ten@example.com)",
    "validation.procedure_code_form": "«{code}» không đúng dạng (ví dụ 1.001193 hoặc 1.004873.000.00.00.H14)",
    "validation.int_range": "phải là số nguyên từ {low} đến {high}",
    "validation.id_kind_business": "tổ chức, doanh nghiệp phải khai mã số thuế",
    "validation.id_kind_person": "cá nhân phải khai CCCD, CMND hoặc hộ chiếu",
    "validation.enum_value": "giá trị «{value}» không hợp lệ",
    "validation.document_line": "{label} (dòng {line})",
    "validation.document_name": "{where}, tên giấy tờ",
    "validation.document_count": "số lượng phải từ 1 đến 99",
    "validation.document_form": "hình thức giấy tờ không hợp lệ",
    "validation.documents_none_handed_in": "chưa đánh dấu giấy tờ nào đã nhận",
    "validation.not_a_date": "không phải ngày hợp lệ",
    "validation.not_an_iso_date": "«{text}» không phải ngày hợp lệ (năm-tháng-ngày)",
    "validation.birth_not_past": "{day} phải là một ngày trong quá khứ",
    "validation.birth_before_1900": "{day} không được trước năm 1900",
    "validation.not_uuid": "«{value}» không phải UUID dạng 8-4-4-4-12 chữ số hex",
    "validation.not_uuid7": "«{value}» không phải UUIDv7 (phiên bản {version}); hãy để trống để phần mềm tự tạo",
    "validation.not_a_moment": "không phải thời điểm hợp lệ",
    "validation.received_year": "năm {year} nằm ngoài {first}–{last}",
    "validation.received_future": "{time} ngày {day} là sau thời điểm hiện tại",
    # the QR code of a CCCD card (counter_app.domain.cccd_qr)
    "cccd_qr.invalid": "Mã QR trên CCCD không hợp lệ: {problems}",
    "cccd_qr.empty": "không có dữ liệu",
    "cccd_qr.no_fields": "không có các trường phân cách bằng dấu «|»",
    "cccd_qr.birth_date": "ngày sinh",
    "cccd_qr.issued_on": "ngày cấp",
    "cccd_qr.date_form": "{what} «{raw}» không đúng dạng ngày tháng năm (ddmmyyyy)",
    "cccd_qr.date_not_real": "{what} «{raw}» không phải ngày có thật",
    "cccd_qr.date_out_of_range": "{what} «{raw}» nằm ngoài khoảng cho phép",
    "cccd_qr.sex": "giới tính «{raw}» phải là Nam hoặc Nữ",
    "cccd_qr.issued_before_birth": "ngày cấp trước ngày sinh",
    "cccd_qr.no_id_number": "thiếu số định danh/CCCD",
    # names of inputs and actions (labels of a field refused)
    "label.reason": "Lý do",
    "label.missing_line": "Giấy tờ cần bổ sung (dòng {line})",
    "label.department": "Phòng chuyên môn nhận hồ sơ",
    "label.collector_name": "Họ và tên người được ủy quyền",
    "label.payment_note": "Nội dung nghĩa vụ tài chính",
    "label.receipt_no": "Số biên lai, chứng từ",
    "label.withdraw_reason": "Lý do rút hồ sơ",
    "label.stop_reason": "Lý do dừng giải quyết",
    "label.stop_decided_by": "Người quyết định dừng",
    "label.stop_notice": "Nội dung thông báo cho người nộp",
    "label.refuse_reason": "Lý do từ chối",
    "label.apology_reason": "Lý do chậm trả kết quả",
    "label.settling": "Cơ quan giải quyết hồ sơ",
    "label.signer_title": "Chức vụ người ký",
    "label.signer_name": "Họ tên người ký",
    "label.edit_reason": "Lý do sửa hồ sơ",
    "label.edit_after_receipt": "Sửa hồ sơ sau khi tiếp nhận",
    "label.refuse_dossier": "Từ chối tiếp nhận hồ sơ",
    "label.withdraw_dossier": "Rút hồ sơ",
    # roles (counter_app.services.auth)
    "auth.login_required": "{action}: cần đăng nhập với quyền {role}.",
    "auth.role_required": "{action}: cần quyền {role}; tài khoản '{name}' chỉ có quyền {has}.",
    "auth.login_failed": ("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá "
                          "(sau {limit} lần nhập sai liên tiếp, tài khoản bị khoá {minutes} phút)."),
    "auth.locked": "Tài khoản đang bị khoá do nhập sai mật khẩu nhiều lần; thử lại sau {until}.",
    "auth.disabled": "Tài khoản này đã bị vô hiệu hoá; hãy liên hệ quản trị viên.",
    "auth.no_password": "Tài khoản chưa có mật khẩu; hãy nhờ quản trị viên đặt mật khẩu.",
    "auth.locked_now": "Nhập sai mật khẩu {limit} lần: tài khoản bị khoá {minutes} phút, đến {hour} giờ {minute} phút.",
    "auth.wrong_password": "Tên đăng nhập hoặc mật khẩu không đúng (còn {left} lần thử trước khi bị khoá).",
    "auth.signed_in_officer_missing": "Không tìm thấy cán bộ đang đăng nhập.",
    "auth.password_too_short": "Mật khẩu: cần ít nhất {minimum} ký tự",
    "auth.username_form": "Tên đăng nhập: 3–50 ký tự, chỉ gồm chữ không dấu, chữ số, '.', '_' hoặc '-'",
    "auth.account_not_found": "Không tìm thấy tài khoản '{username}'.",
    "auth.first_must_be_admin": "Tạo tài khoản: tài khoản đầu tiên phải là quản trị viên.",
    "auth.full_name_empty": "Họ và tên: không được để trống",
    "auth.username_taken": "Tên đăng nhập '{name}' đã có",
    "auth.cannot_disable_self": "Không thể tự vô hiệu hoá tài khoản đang đăng nhập.",
    "auth.cannot_disable_last_admin": "Không thể vô hiệu hoá quản trị viên cuối cùng.",
    "auth.cannot_demote_last_admin": "Không thể hạ quyền quản trị viên cuối cùng.",
    "auth.wrong_current_password": "Mật khẩu hiện tại không đúng",
    "label.create_account": "Tạo tài khoản",
    "label.disable_account": "Vô hiệu hoá tài khoản",
    "label.enable_account": "Kích hoạt tài khoản",
    "label.reset_password": "Đặt lại mật khẩu",
    "label.change_role": "Đổi quyền tài khoản",
    # receiving a dossier (counter_app.services.receiving) and the profile's settings
    "receiving.before_set_up": "{time} ngày {day} là trước khi cơ quan bắt đầu dùng phần mềm ({set_up})",
    "receiving.backdated": "Thời điểm tiếp nhận {time} ngày {day}: ghi lùi quá {hours} giờ",
    "receiving.unknown_procedure": "Thủ tục: không có mã '{code}' trong danh mục",
    "receiving.id_taken": "Mã định danh hồ sơ (id): '{id}' đã là của hồ sơ {holder}",
    "receiving.officer_unknown": "Cán bộ tiếp nhận: không có tài khoản '{officer}'",
    "receiving.officer_disabled": "Cán bộ tiếp nhận: tài khoản '{username}' đã bị vô hiệu hoá",
    "settings.not_set_up": "Hồ sơ dữ liệu chưa được thiết lập cơ quan và số quầy.",
    "settings.officer_not_found": "Không tìm thấy cán bộ '{officer}'.",
    # the machine's key store (counter_app.store.machine_keys)
    "machine_keys.write_failed": "Không ghi được tệp khóa chung của máy '{path}': {reason}. Quản trị viên hãy kiểm "
                                 "tra quyền ghi của thư mục {folder} (bộ cài đặt cấp quyền này cho người dùng của "
                                 "máy) và chỗ trống trên ổ đĩa.",
    "settings.no_officer": "Chưa có cán bộ nào trong hồ sơ dữ liệu.",
    "form_numbers.pattern": ("Mẫu số phiếu '{pattern}': phải có {n}, chỉ dùng {n} {year} {yy} {ws}, "
                             "tối đa 40 ký tự (ví dụ {n}/PYCBS)"),
    # setting up and administering the counter (counter_app.services.setup, .admin)
    "setup.agency_id_form": "Mã định danh cơ quan: phải theo QCVN 102:2016, ví dụ 000.00.14.H56",
    "setup.agency_name_empty": "Tên cơ quan: không được để trống",
    "setup.place_name_empty": "Địa danh ghi trên phiếu: không được để trống",
    "setup.code_stride_range": "Số quầy tối đa: phải từ 1 đến 99",
    "setup.workstation_range": "Số quầy: phải từ 1 đến {high}",
    "setup.unit_name_too_long": "Tên đơn vị một cửa: tối đa 200 ký tự",
    "setup.level": "Cấp cơ quan: phải là 'province' (cấp tỉnh) hoặc 'commune' (cấp xã), không phải '{level}'",
    "calendar.bad_kind": "Dòng {line}: loại ngày “{kind}” không hợp lệ",
    "calendar.duplicate_day": "Dòng {line}: ngày {day} bị trùng",
    # The sync engine's reasons for setting an item aside (the server's own reasons are its words).
    "sync.set_aside.unbuildable": "Không dựng được nội dung gửi: sự kiện hoặc hồ sơ của mục này không còn trong cơ sở dữ liệu.",
    "sync.set_aside.keeps_failing": "Máy chủ gặp lỗi mỗi lần nhận riêng mục này ({times} lần; {error}); mục được để riêng để kiểm tra, các mục khác vẫn được gửi.",
    "sync.set_aside.refused": "Máy chủ từ chối ({code}).",
    "calendar.year_not_covered": "Lịch ngày lễ chỉ có các năm {first}–{last}, không có năm {year}: hãy kiểm tra lại ngày đã nhập",
    "settings.login_required": "Đổi cài đặt: cần đăng nhập.",
    "label.edit_agency": "Sửa thông tin cơ quan",
    "label.import_catalogue": "Nhập danh mục thủ tục",
    "label.edit_calendar": "Sửa lịch làm việc",
    "label.change_setting": "Đổi cài đặt '{key}'",
    # printing (counter_app.services.printing)
    "printing.handover_not_per_dossier": "Danh sách bàn giao lập khi bàn giao một lô hồ sơ, không in riêng cho một hồ sơ.",
    "printing.refused_at_counter": ("Hồ sơ {code} bị từ chối ngay khi nộp: không có giấy tiếp nhận, "
                                    "phiếu kiểm soát hay nhãn."),
    "printing.not_received": "Hồ sơ {code} chưa được tiếp nhận: không có giấy tiếp nhận, phiếu kiểm soát hay nhãn.",
    "printing.not_refused": "Hồ sơ {code} không bị từ chối: không in được phiếu từ chối tiếp nhận.",
    "printing.not_stopped": "Hồ sơ {code} không bị dừng giải quyết: không in được thông báo dừng giải quyết hồ sơ.",
    "printing.no_supplement": "Hồ sơ {code} chưa từng được yêu cầu bổ sung: không in được phiếu yêu cầu bổ sung.",
    "printing.no_apology": "Hồ sơ {code} chưa có văn bản xin lỗi, gia hạn: không in được văn bản này.",
    "printing.bad_kind": "Loại phiếu không hợp lệ: '{kind}'",
    "printing.needs_dossier": "Phiếu này cần một hồ sơ",
    "printing.dossier_not_found": "Không tìm thấy hồ sơ '{dossier}'.",
    "printing.job_not_found": "Không tìm thấy lệnh in '{job}'.",
    "printing.job_dossier_not_found": "Không tìm thấy hồ sơ của lệnh in '{job}'.",
    # backups (counter_app.store.backup, counter_app.store.backup_place)
    "backup.disk_full": "ổ đĩa đầy",
    "backup.read_only": "không có quyền ghi vào thư mục",
    "backup.failed": "Không sao lưu được vào '{target}': {why}",
    "backup.file_in_use": ("Không thể khôi phục: tệp {name} đang được một chương trình khác mở "
                           "(phần mềm tiếp nhận hồ sơ ở một cửa sổ khác, một lệnh counter-app đang chạy, hoặc phần mềm "
                           "sao lưu/diệt virus). Hãy đóng chương trình đó rồi thử lại. Dữ liệu hiện tại chưa bị thay đổi. "
                           "({reason})"),
    "backup.wrong_recovery_key": ("Khóa khôi phục không mở được bản sao lưu '{name}': bản sao lưu được mã hóa "
                                  "bằng khóa khác, hoặc đã hỏng."),
    "backup.damaged": "Bản sao lưu '{name}' bị hỏng, không thể khôi phục: {problems}",
    "backup_place.empty": "Thư mục sao lưu: chưa nhập đường dẫn",
    "backup_place.not_absolute": ("Thư mục sao lưu '{path}': cần đường dẫn đầy đủ "
                                  "(ví dụ D:\\SaoLuu hoặc \\\\may-chu\\saoluu)"),
    "backup_place.missing": ("Thư mục sao lưu '{path}' không tồn tại (hoặc ổ đĩa, thư mục dùng chung chưa kết nối). "
                             "Hãy tạo thư mục trước."),
    "backup_place.a_file": "'{path}' là một tệp, không phải thư mục.",
    "backup_place.inside_profile": ("Thư mục sao lưu '{path}' nằm trong thư mục dữ liệu {profile}: "
                                    "hãy chọn một nơi khác (ổ đĩa khác, ổ USB, thư mục dùng chung)."),
    "backup_place.not_writable": "Không ghi được vào thư mục sao lưu '{path}': {reason}",
    # scanning and digitising (counter_app.capture, counter_app.services.digitising)
    "digitising.no_document": "Hồ sơ {code} không có thành phần số {position} (hồ sơ có {count} thành phần, đánh số từ 1 đến {count}).",
    "digitising.already_scanned": "Thành phần {position} của hồ sơ {code} («{name}») đã có bản số hóa ({pages} trang). Chọn thêm trang (--append) hoặc thay bản cũ (--replace).",
    "digitising.no_page": "Không có trang nào để lưu.",
    "digitising.no_page_blank_dropped": "Không có trang nào để lưu (đã bỏ {dropped} trang trắng).",
    "digitising.too_many_pages": "Một thành phần có tối đa {limit} trang.",
    "digitising.changed_elsewhere": "Bản số hóa của thành phần {position} vừa được thay đổi ở nơi khác; hãy quét lại.",
    "digitising.no_file": "Chưa chọn tệp nào để đính kèm.",
    "capture.no_sane": "Máy này chưa cài SANE (chương trình scanimage, gói sane-utils) nên không quét được.",
    "capture.timeout": "Máy quét không trả lời sau {seconds} giây; hãy kiểm tra máy quét và quét lại.",
    "capture.no_scanner": "Không tìm thấy máy quét nào. Hãy bật và cắm máy quét, rồi chọn máy trong Cài đặt quét.",
    "capture.no_duplex": "Máy quét này không quét được hai mặt; hãy tắt “Quét hai mặt” trong Cài đặt quét.",
    "capture.cannot_open": "Không mở được máy quét “{device}”. Hãy kiểm tra máy quét đã bật, đã cắm và đúng tên trong Cài đặt quét.",
    "capture.feeder_empty": "Khay nạp giấy của máy quét đang trống; hãy đặt giấy vào rồi quét lại.",
    "capture.jammed": "Máy quét bị kẹt giấy; hãy gỡ giấy kẹt rồi quét lại cả tập (các trang vừa quét không được giữ).",
    "capture.cover_open": "Nắp máy quét đang mở; hãy đóng nắp rồi quét lại.",
    "capture.no_page": "Máy quét không trả về trang nào; hãy kiểm tra giấy rồi quét lại.",
    "capture.device_error": "Máy quét “{device}” báo lỗi: {detail}. Hãy kiểm tra máy quét rồi quét lại.",
    "capture.unknown": "không rõ",
    "capture.no_folder": "Không thấy thư mục nhận bản quét “{folder}”. Hãy kiểm tra thư mục trong Cài đặt quét.",
    "capture.folder_empty": "Chưa có bản quét nào hoàn chỉnh trong thư mục “{folder}”.",
    "capture.bad_file": "Tệp “{name}” không dùng được làm trang hồ sơ: {why}.",
    "capture.unreadable": "không đọc được",
    "capture.not_an_image": "không phải ảnh JPEG, PNG, TIFF hay tệp PDF",
    "capture.image_damaged": "ảnh hỏng hoặc chưa ghi xong ({detail})",
    "capture.image_too_large": "ảnh quá lớn",
    "capture.pdf_page_not_a_scan": "trang {number} không phải một trang quét (một ảnh)",
    "capture.pdf_damaged": "PDF hỏng, có mật khẩu hoặc chưa ghi xong ({detail})",
    "capture.wia_windows_only": "Quét qua WIA chỉ có trên Windows.",
    "capture.wia_no_pywin32": "Thiếu thành phần pywin32 để điều khiển máy quét WIA.",
    "capture.wia_no_scanner": "Không tìm thấy máy quét WIA; hãy kiểm tra máy quét đã bật.",
    "capture.wia_feeder_empty": "Khay nạp giấy của máy quét đang trống.",
    "capture.wia_jammed": "Máy quét bị kẹt giấy; hãy gỡ giấy rồi quét lại.",
    "capture.wia_error": "Máy quét WIA báo lỗi: {detail}",
    "capture.resolution": "Độ phân giải phải là số nguyên từ {low} đến {high} dpi.",
    "capture.color_mode": "Chế độ màu phải là “gray” (xám) hoặc “color” (màu).",
    "capture.device_name": "Tên máy quét không hợp lệ.",
    # the rules that make a dossier's code (counter_app.domain.code_rules)
    "code_rules.unknown_rule": "Cấu hình mã hồ sơ ({setting}): không có quy tắc '{rule}'.",
    "code_rules.none_in_force": "Cấu hình mã hồ sơ ({setting}): không có quy tắc nào áp dụng cho hồ sơ tiếp nhận ngày {day}.",
    "code_rules.central_agency": ("Thủ tục thuộc giải pháp tập trung toàn quốc: mã hồ sơ theo {basis} cần "
                                  "mã cơ quan dạng MX1X2.Y1Y2Y3.Z1Z2 (cài đặt {setting}), hiện {now}"),
    "code_rules.central_platform": ("Thủ tục thuộc giải pháp tập trung toàn quốc: mã hồ sơ cần 2 chữ số của đơn vị "
                                    "chủ quản nền tảng (cài đặt {setting}), hiện {now}"),
    "code_rules.now_wrong": "sai dạng: '{value}'.",
    "code_rules.now_missing": "chưa có.",
    "code_rules.list_needed": "Cấu hình mã hồ sơ ({setting}): cần danh sách mã quy tắc, ví dụ {example}.",
    "code_rules.one_for_all": "Cấu hình mã hồ sơ ({setting}): cần ít nhất một quy tắc áp dụng cho mọi thủ tục.",
    "code_rules.agency_form": ("Mã cơ quan trong mã hồ sơ ({key}): '{value}' không đúng dạng MX1X2.Y1Y2Y3.Z1Z2 "
                               "(tối đa {max} ký tự, chữ và số ngăn bởi dấu chấm)."),
    "code_rules.platform_form": "Mã đơn vị chủ quản nền tảng ({key}): '{value}' phải gồm đúng 2 chữ số.",
    # corrections after receipt (counter_app.services.editing)
    "editing.field_not_editable": "Trường '{field}' không được sửa sau khi tiếp nhận",
    "editing.finished": "Không thể sửa hồ sơ {code}: hồ sơ đã kết thúc ({status}).",
    "editing.changed_elsewhere": "Hồ sơ {code} vừa được thay đổi ở nơi khác; hãy mở lại để xem bản mới.",
    "editing.no_change": "Không có thông tin nào thay đổi",
    # dossiers and their actions (counter_app.services.actions, counter_app.store.lookup)
    "dossier.not_found": "Không tìm thấy hồ sơ có mã “{code}”.",
    "action.not_allowed_in_status": "Không thể {action} hồ sơ {code}: hồ sơ đang ở trạng thái “{status}”.",
    "dossier.changed_elsewhere": ("Hồ sơ {code} vừa được thay đổi ở nơi khác (phiên bản {version}, màn hình đang "
                                  "hiển thị phiên bản {expected}); hãy quét lại để xem trạng thái mới."),
    "actions.missing_none": "Giấy tờ cần bổ sung: chưa chọn giấy tờ nào cần bổ sung, hoàn thiện",
    "handover.none_scanned": "Chưa quét hồ sơ nào để bàn giao.",
    "handover.too_many": "Mỗi lần bàn giao tối đa {limit} hồ sơ.",
    "handover.scanned_twice": "Hồ sơ {code} được quét hai lần trong cùng một lần bàn giao.",
    "return.collector_id_kind_invalid": "Loại giấy tờ của người nhận không hợp lệ",
    "return.collector_missing": "Người nhận kết quả: chọn người nộp hồ sơ hoặc người được ủy quyền",
    "return.slip_not_taken_back": "Ghi chú: giấy hẹn chưa được thu lại, hãy ghi rõ lý do",
    "return.fees_unpaid": "Phí, lệ phí {amount} đồng chưa được thu; hãy thu trước khi trả kết quả",
    "supplement.completed_before_request": "Thời điểm bổ sung xong không thể trước thời điểm yêu cầu bổ sung",
    "payment.amount_invalid": "Số tiền phải nộp: phải là số nguyên dương (đồng)",
    "apology.new_due_missing": "Ngày hẹn mới: chưa chọn",
    "apology.already_issued": "Hồ sơ {code} đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai.",
    "apology.new_due_too_early": "Ngày hẹn mới phải sau ngày hẹn cũ ({old_due}) và sau thời điểm hiện tại",
    # scanning a code (counter_app.store.lookup) and making one (counter_app.codes)
    "lookup.empty": "Chưa có mã hồ sơ: mã quét được trống.",
    "lookup.not_a_code": ("“{text}” không phải mã hồ sơ (dạng <mã cơ quan>-<YYMMDD>-<số thứ tự 4 chữ số>, "
                          "ví dụ 000.00.14.H56-260310-0001, hoặc với thủ tục thuộc giải pháp tập trung toàn quốc "
                          "<mã cơ quan>-<YYMMDD>-<2 chữ số đơn vị chủ quản><số thứ tự từ 4 chữ số>, "
                          "ví dụ H56.000.00-260310-010021)."),
    "lookup.unknown_code": "Không có hồ sơ nào mang mã {code} trên máy này.",
    "codes.exhausted": "Quầy số {workstation} đã dùng hết số thứ tự hồ sơ của ngày {day}.",
    # the history's check (counter_app.store.history_verify)
    "history.status_none": "(không có)",
    "history.status_named": "{number} – {status}",
    "history.status_invalid": "{number} (không hợp lệ)",
    "history.no_history": "Hồ sơ {code}: không có lịch sử xử lý.",
    "history.bad_start": ("Hồ sơ {code}, sự kiện số {seq} ({kind}): lịch sử không bắt đầu từ lúc tiếp nhận "
                          "(trạng thái trước ghi là {before})."),
    "history.broken_chain": ("Hồ sơ {code}, sự kiện số {seq} ({kind}): chuyển từ trạng thái {source}, "
                             "nhưng sự kiện trước đó để hồ sơ ở trạng thái {before}."),
    "history.status_mismatch": "Hồ sơ {code}: đang ở trạng thái {status}, nhưng lịch sử dẫn đến trạng thái {last}.",
    "history.orphan_outbox": "Mục chờ đồng bộ số {seq} (hồ sơ {code}): sự kiện của nó không còn trong lịch sử.",
    "history.chain_problem": "Hồ sơ {code}: {detail}",
    # --- codes-core block: store/audit.py, store/history_chain.py, store/machine_keys.py,
    # store/old_profile.py, store/crypt.py, store/document_files.py, store/slip_source.py,
    # store/pii_access.py, store/backup.py, services/pii_purge.py, services/printing.py,
    # domain/working_time.py, domain/fees.py, domain/enums.py, domain/code_rules.py,
    # domain/due_dates.py, domain/text.py
    # the audit trail's check (counter_app.store.audit)
    "audit.unreadable": "Mục nhật ký số {seq}: dữ liệu không đọc được (đã bị sửa).",
    "audit.inserted_after_head": "Mục nhật ký số {seq}: được chèn thêm sau mục cuối cùng đã ghi nhận (số {head}).",
    "audit.tail_deleted": "Mục nhật ký từ số {first} đến số {last}: đã bị xoá (nhật ký ghi nhận đến mục số {last}).",
    "audit.head_edited": "Mục nhật ký số {seq}: mục cuối cùng đã ghi nhận không còn khớp (đã bị sửa).",
    "audit.head_missing": "Nhật ký: thiếu dấu mục cuối cùng ({key} đã bị xoá).",
    "audit.content_edited": "Mục nhật ký số {seq}: nội dung đã bị sửa (không khớp mã băm).",
    "audit.inserted": "Mục nhật ký số {seq}: được chèn thêm, không thuộc chuỗi nhật ký.",
    "audit.deleted_one": "Mục nhật ký số {seq}: đã bị xoá (mục số {next} không nối tiếp mục số {before}).",
    "audit.deleted_range": ("Mục nhật ký từ số {first} đến số {last}: đã bị xoá "
                            "(mục số {next} không nối tiếp mục số {before})."),
    "audit.rehashed": "Mục nhật ký số {seq}: đã bị sửa và tính lại mã băm (mục số {next} không còn nối tiếp).",
    "audit.deleted_before_first": "Mục nhật ký trước số {seq}: đã bị xoá (mục đầu tiên không nối với gốc chuỗi).",
    # the dossier history's hash chains (counter_app.store.history_chain), after "Hồ sơ {code}: "
    "chain.head_lost": "hồ sơ không còn ghi dấu sự kiện cuối cùng của lịch sử.",
    "chain.removed_between": ("{count} sự kiện giữa sự kiện số {after} và số {before} đã bị xoá "
                              "(ghi nhận {expected} sự kiện, còn {left})."),
    "chain.removed_after": "{count} sự kiện sau sự kiện số {after} đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).",
    "chain.removed_before": "{count} sự kiện trước sự kiện số {before} đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).",
    "chain.removed": "{count} sự kiện của lịch sử đã bị xoá (ghi nhận {expected} sự kiện, còn {left}).",
    "chain.rehashed": "sự kiện số {seq} đã bị sửa và tính lại mã băm (không còn nối với sự kiện sau nó).",
    "chain.inserted": "sự kiện số {seq} được chèn thêm, không thuộc chuỗi lịch sử của hồ sơ.",
    "chain.content_edited": "sự kiện số {seq} đã bị sửa (nội dung không khớp mã băm).",
    "chain.redacted_without_erasure": ("sự kiện số {seq} đã bị xoá bớt dữ liệu mà không có bản ghi xoá dữ liệu "
                                       "cá nhân hợp lệ."),
    "chain.reordered": "thứ tự các sự kiện đã bị đảo (sự kiện số {seqs}).",
    "chain.length_mismatch": "hồ sơ ghi nhận {length} sự kiện nhưng chuỗi lịch sử có {count}.",
    "chain.row_edited": "dữ liệu của hồ sơ đã bị sửa ngoài phần mềm (không khớp dấu niêm phong).",
    "chain.orphan_event": "sự kiện số {seq} thuộc một hồ sơ không có trong sổ.",
    "chain.all_removed_count": "toàn bộ {count} sự kiện của lịch sử đã bị xoá.",
    "chain.all_removed": "toàn bộ sự kiện của lịch sử đã bị xoá.",
    # the machine's key store (counter_app.store.machine_keys)
    "machine_keys.damaged": ("Không dùng được tệp khóa chung của máy '{path}': {why}. Dữ liệu không bị thay đổi. "
                             "Quản trị viên hãy khôi phục bằng khóa khôi phục đã xuất: counter-app restore "
                             "--recovery-key TỆP_KHÓA TỆP_SAO_LƯU (tệp khóa hỏng được giữ lại bên cạnh), hoặc chép "
                             "lại tệp khóa đúng của máy này vào thư mục {folder}."),
    "machine_keys.why_not_a_key_file": "tệp bị hỏng hoặc không phải tệp khóa",
    "machine_keys.why_other_profile": "tệp thuộc thư mục dữ liệu khác ({profile}), không phải thư mục này",
    "machine_keys.why_not_this_machine": "máy này không giải mã được tệp (tệp bị hỏng, hoặc được chép từ máy khác)",
    "machine_keys.why_content_damaged": "nội dung tệp bị hỏng",
    "machine_keys.why_other_or_damaged": "tệp thuộc thư mục dữ liệu khác hoặc bị hỏng",
    "machine_keys.read_failed": ("Không đọc được tệp khóa chung của máy '{path}': {reason}. Quản trị viên hãy kiểm "
                                 "tra quyền đọc thư mục {folder} cho người dùng của máy (bộ cài đặt cấp quyền này)."),
    "machine_keys.not_moved": ("Dữ liệu dùng chung của máy ({profile}) đã được mã hóa, nhưng khóa của nó chưa được "
                               "chuyển vào kho khóa chung của máy ({keys_file}): khóa vẫn nằm trong kho khóa riêng "
                               "của tài khoản Windows đã dùng phần mềm trước khi nâng cấp. Hãy đăng nhập Windows "
                               "bằng tài khoản đó và mở phần mềm một lần (khóa sẽ tự được chuyển), rồi đăng nhập lại "
                               "bằng tài khoản này. Nếu không còn tài khoản đó: quản trị viên khôi phục bằng khóa "
                               "khôi phục đã xuất: counter-app restore --recovery-key TỆP_KHÓA TỆP_SAO_LƯU. Dữ liệu "
                               "không bị thay đổi."),
    # removing an old per-user profile (counter_app.store.old_profile)
    "old_profile.not_adopted": ("Thư mục {folder} không phải dữ liệu cũ đã được chuyển sang thư mục dùng chung "
                                "(không có {note}): không xóa."),
    "old_profile.missing_in_shared": ("Chưa xóa {folder}: dữ liệu dùng chung thiếu {count} mục của dữ liệu cũ "
                                      "({shown}). Không có gì bị xóa."),
    "old_profile.and_others": "{items} và {others} mục khác",
    # the database's encryption (counter_app.store.crypt)
    "crypt.recovery_key_unreadable": "Không đọc được tệp khóa khôi phục '{path}': {reason}",
    "crypt.not_a_recovery_key": "Tệp '{path}' không phải tệp khóa khôi phục của phần mềm tiếp nhận hồ sơ.",
    "crypt.wrong_key": ("Không mở được dữ liệu '{name}': khóa mã hóa của máy này không mở được tệp. Tệp bị hỏng, "
                        "hoặc được mã hóa bằng khóa mà kho khóa của máy này không có (dữ liệu chép từ máy khác, kho "
                        "khóa Windows đã bị xóa). Nếu tệp bị hỏng: counter-app restore --newest. Nếu thiếu khóa: "
                        "quản trị viên khôi phục bằng khóa khôi phục đã xuất: counter-app restore --recovery-key "
                        "TỆP_KHÓA TỆP_SAO_LƯU."),
    "crypt.encrypt_file_in_use": ("Không mã hóa được '{name}': tệp đang được một chương trình khác mở. Hãy đóng "
                                  "chương trình đó rồi mở lại."),
    "crypt.encrypt_copy_unopenable": ("Không mã hóa được '{name}': bản mã hóa không mở lại được. Dữ liệu chưa bị "
                                      "thay đổi."),
    # documents, slips' sources, backups, retention, printing, quoting (counter_app.store, .services, .domain.text)
    "document_files.bad_format": "tệp bản số hóa {file}… không đúng định dạng",
    "document_files.wrong_key": ("tệp bản số hóa {file}… không giải mã được bằng khóa của máy này (khóa khác, hoặc "
                                 "tệp hỏng)"),
    "slip_source.agency_not_found": "Không tìm thấy cơ quan '{agency}'.",
    "backup.no_such_file": "Không có tệp '{path}'.",
    "pii_purge.retention_range": "Thời hạn lưu dữ liệu cá nhân phải là số tháng từ 1 đến {max}",
    "label.set_retention": "Đặt thời hạn lưu dữ liệu cá nhân",
    "printing.unknown_error": "Lỗi không rõ",
    "printing.file_write_failed": "Không ghi được tệp {path}: {reason}",
    "text.excerpt": "{start}… ({length} ký tự)",
    # the working calendar and legal time limits (counter_app.domain.working_time, .due_dates)
    "working_time.session_order": "Buổi làm việc không hợp lệ: giờ bắt đầu {start} phải trước giờ kết thúc {end}.",
    "working_time.override_day": "Ngày điều chỉnh lịch không hợp lệ: {day}.",
    "working_time.override_kind": "Loại điều chỉnh lịch “{kind}” không hợp lệ; chỉ nhận: {kinds}.",
    "working_time.where_override": "Điều chỉnh lịch",
    "working_time.where_item": "Mục thứ {index}",
    "working_time.entry_not_object": "{where}: phải là một đối tượng có các trường date, kind, note.",
    "working_time.entry_unknown_fields": "{where}: trường không được hỗ trợ: {fields}.",
    "working_time.entry_bad_date": "{where}: ngày “{value}” không hợp lệ, cần dạng YYYY-MM-DD.",
    "working_time.entry_bad_kind": "{where}: loại “{kind}” không hợp lệ; chỉ nhận: {kinds}.",
    "working_time.entry_note_not_text": "{where}: ghi chú (note) phải là chuỗi ký tự.",
    "working_time.entry_basis_not_text": "{where}: căn cứ pháp lý (basis) phải là chuỗi ký tự.",
    "working_time.file_not_json": "Tệp điều chỉnh lịch {name} không phải JSON hợp lệ (dòng {line}, cột {column}).",
    "working_time.file_not_list": "Tệp điều chỉnh lịch {name} phải chứa một danh sách các mục.",
    "working_time.file_duplicate_day": "Mục thứ {index}: ngày {day} đã có ở mục thứ {first}.",
    "working_time.day_overridden_twice": "Ngày {day} được điều chỉnh hai lần.",
    "working_time.province_day_off": "Ngày nghỉ theo quyết định của tỉnh",
    "working_time.negative_hours": "Số giờ làm việc phải không âm, nhận được {hours}.",
    "working_time.not_a_working_day": "Ngày {day} không phải ngày làm việc.",
    "working_time.no_session": "Cần cấu hình ít nhất một buổi làm việc.",
    "working_time.sessions_overlap": ("Các buổi làm việc phải theo thứ tự và không chồng lên nhau ({first} và "
                                      "{second})."),
    "working_time.no_working_day": "Không tìm thấy ngày làm việc nào trong {days} ngày kể từ {day}.",
    "due_dates.bad_unit": "Đơn vị thời hạn “{unit}” không hợp lệ.",
    "due_dates.not_a_number": "Thời hạn giải quyết phải là một số, nhận được {value}.",
    "due_dates.negative": "Thời hạn giải quyết phải là số không âm, nhận được {value}.",
    "due_dates.calendar_days_whole": "Thời hạn tính theo ngày lịch phải là số ngày nguyên, nhận được {value}.",
    "due_dates.resumed_before_paused": "Thời điểm bổ sung xong hồ sơ không thể trước thời điểm yêu cầu bổ sung.",
    # the dossier code rules file (counter_app.domain.code_rules)
    "code_rules.where_rule": "quy tắc mã hồ sơ thứ {number}",
    "code_rules.where_rule_id": "quy tắc mã hồ sơ thứ {number} ({id})",
    "code_rules.rule_not_object": "{where}: phải là một đối tượng JSON",
    "code_rules.rule_fields": "{where}: thiếu hoặc sai trường ({detail})",
    "code_rules.format_token": "{where}: 'format' phải có đúng một {token}",
    "code_rules.format_unknown": "{where}: 'format' có ký hiệu không hiểu",
    "code_rules.platform_setting": "{where}: {token} cần '{setting}' và ngược lại",
    "code_rules.seq_digits": "{where}: 'seq_digits' phải là [ít nhất, nhiều nhất] chữ số, 1–9",
    "code_rules.applies_to": "{where}: 'applies_to' phải là một trong {choices}",
    "code_rules.duplicate_id": "quy tắc mã hồ sơ: trùng 'id'",
    # fees (counter_app.domain.fees)
    "fees.sets_positive": "Số bộ hồ sơ phải là số nguyên dương.",
    "fees.copies_positive": "Số bản phải là số nguyên dương.",
    "fees.pages_positive": "Số trang mỗi bản phải là số nguyên dương.",
    "fees.bad_kind": "Loại phí, lệ phí không hợp lệ: {kind}",
    "fees.not_a_count": "{name} phải là số nguyên không âm: {value}",
    # --- end of the codes-core block
    # --- papers and data files (counter_app.domain.words, services/pii_export, domain/catalogue,
    # domain/slip_qr_text, slips/*): what the officer reads; the papers' own words are data
    "words.unreadable": "Không đọc được tệp từ ngữ của phần mềm '{path}' ({detail}); hãy cài đặt lại phần mềm.",
    "pii_export.bad_id_number": ("Số giấy tờ tùy thân không hợp lệ: nhập số CCCD (12 chữ số), CMND (9 chữ số) "
                                 "hoặc số hộ chiếu"),
    "label.pii_export": "Trích xuất dữ liệu cá nhân",
    "forms.no_set": "Không có bộ mẫu biểu nào trong {folder}",
    "forms.missing": "Không có mẫu biểu {path}",
    "forms.bad_json": "{path}: JSON không hợp lệ (dòng {line}): {detail}",
    "forms.not_an_object": "{path}: phải là một đối tượng JSON",
    "forms.no_blocks": "{path}: thiếu danh sách 'blocks'",
    "forms.bad_block": "{path}: khối thứ {number} có loại không hợp lệ",
    "forms.block_missing": "{path}: thiếu khối '{block}'",
    "forms.bad_in_force_from": "{where}.in_force_from: ngày không hợp lệ '{value}'",
    "forms.bad_text": "{where}: '{text}': {detail}",
    "forms.unknown_field": "{where}: trường không biết [{fields}] trong '{text}'",
    "forms.bad_numbering": "{where}: mẫu số phải có {n} và chỉ dùng {n} {year} {yy} {ws}: '{pattern}'",
    "forms.bad_time_format": "{where}: chỉ dùng {allowed}",
    "slips.label_too_narrow": ("Mã vạch của hồ sơ {code} rộng {width} mm, nhãn {label} mm chỉ có {room} mm: "
                               "cần nhãn rộng hơn."),
    "slips.font_missing": "Thiếu tệp phông chữ {path}",
    # a catalogue file refused (counter_app.domain.catalogue): where, then what
    "catalogue.refused": "Không nhập thủ tục nào. Các dòng cần sửa: {problems}",
    "catalogue.problem": "{where}: {problem}",
    "catalogue.at_file": "Tệp danh mục",
    "catalogue.at_sheet": "Trang tính '{sheet}'",
    "catalogue.at_sheet_line": "Trang tính '{sheet}', dòng {line}",
    "catalogue.at_procedure": "Thủ tục thứ {line}",
    "catalogue.at_column": "{where}, cột '{column}'",
    "catalogue.at_field": "{where}, trường '{column}'",
    "catalogue.empty": "không được để trống",
    "catalogue.code_form": "mã thủ tục '{code}' không đúng dạng (ví dụ: 1.001193 hoặc 1.004873.000.00.00.H14)",
    "catalogue.not_non_negative": "phải là số không âm",
    "catalogue.not_whole": "phải là số nguyên",
    "catalogue.negative": "không được là số âm",
    "catalogue.whole_at_least": "phải là số nguyên từ {minimum} trở lên",
    "catalogue.bad_choice": "{what} '{value}' không hợp lệ (chọn một trong: {allowed})",
    "catalogue.what.units": "đơn vị thời hạn",
    "catalogue.what.forms": "hình thức",
    "catalogue.what.levels": "cấp thực hiện",
    "catalogue.what.fee_kinds": "loại phí, lệ phí",
    "catalogue.bad_flag": "'{value}' không hợp lệ (ghi {yes} hoặc {no})",
    "catalogue.bad_cutoff": "giờ '{value}' không hợp lệ (ghi dạng GG:pp, ví dụ 15:00)",
    "catalogue.procedure_not_an_object": "mỗi thủ tục phải là một đối tượng JSON",
    "catalogue.fee_not_an_object": "thiếu hoặc sai dạng (phải là một đối tượng JSON)",
    "catalogue.not_a_list": "phải là một danh sách",
    "catalogue.not_an_object": "phải là một đối tượng JSON",
    "catalogue.json_unreadable": "không đọc được tệp JSON ({detail})",
    "catalogue.no_procedures": "thiếu danh sách 'procedures'",
    "catalogue.bad_version": "phiên bản '{version}' không được hỗ trợ (chỉ nhận {supported})",
    "catalogue.duplicate_procedure": "mã thủ tục '{code}' bị trùng với thủ tục thứ {first}",
    "catalogue.duplicate_row": "mã thủ tục '{code}' bị trùng với dòng {first}",
    "catalogue.sheet_missing": "thiếu trang tính '{sheet}'",
    "catalogue.column_missing": "thiếu cột này ở dòng tiêu đề",
    "catalogue.xlsx_unreadable": "không đọc được tệp Excel ({detail})",
    "catalogue.unknown_procedure": "không có thủ tục mã '{code}' trong trang tính '{sheet}'",
    "catalogue.bad_file_type": "không hỗ trợ loại tệp '{suffix}' (chỉ nhận .json hoặc .xlsx)",
}


def translate(text: str, context: str = CONTEXT) -> str:
    """*text* in the interface's language: through Qt's translators when Qt is loaded (the
    window), else as written (Vietnamese, the source language)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is None:
        return text
    return qtcore.QCoreApplication.translate(context, text)


def status_text(status: DossierStatus | int | None) -> str:
    """A status's words ("" for none)."""
    return translate(STATUS_WORDS[DossierStatus(status)], STATUS_CONTEXT) if status is not None else ""


def action_verb(action: Action) -> str:
    """An action as a verb phrase inside a sentence."""
    return translate(ACTION_VERBS[action])


def role_text(role: Role) -> str:
    """A role's name inside a sentence ("giám sát")."""
    return translate(ROLE_WORDS[Role(role)])


def param_text(value: Any) -> str:
    """One parameter in words: a message, a status, an action or a role through this module; a
    list joined by "; "; a moment and a day in the Vietnamese way of writing them (d/m/Y)."""
    if isinstance(value, DossierStatus):
        return status_text(value)
    if isinstance(value, Action):
        return action_verb(value)
    if isinstance(value, Role):
        return role_text(value)
    if isinstance(value, Message | str):
        return said_text(value)
    if isinstance(value, list | tuple):
        return "; ".join(param_text(v) for v in value)
    if isinstance(value, datetime):
        return message_text(Message("message.at_time", {"hour": f"{value:%H}", "minute": f"{value:%M}",
                                                        "day": f"{value:%d/%m/%Y}"}))
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def fill(text: str, params: Mapping[str, Any]) -> str:
    """*text* with each ``{name}`` replaced by its parameter in words, in one pass (a brace
    without a known name is left as written: a translation can never break the sentence)."""

    def words(match: re.Match) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        value = params[name]
        if name.endswith("amount") and isinstance(value, int):  # money: 1.500.000 (đồng)
            return f"{value:,}".replace(",", ".")
        return param_text(value)

    return _PLACEHOLDER.sub(words, text)


def message_text(msg: Message) -> str:
    """A message in words; an unknown code is shown as itself (a bug, never hidden)."""
    source = TEXTS.get(msg.code)
    if source is None:
        return str(msg)
    return fill(translate(source), msg.params)


def said_text(said: Said) -> str:
    """A message in words; a plain string (a module not yet speaking codes) as it is."""
    return message_text(said) if isinstance(said, Message) else said


def error_text(exc: BaseException) -> str:
    """What an error says to a person: a coded CounterError in words, anything else as str()."""
    if isinstance(exc, ValidationFailed):
        return "; ".join(said_text(e.message) for e in exc.errors)
    if isinstance(exc, CounterError):
        return said_text(exc.message)
    if isinstance(getattr(exc, "message", None), Message):  # a ValueError of the core that speaks a code
        return message_text(exc.message)
    return str(exc)


def field_texts(exc: ValidationFailed) -> dict[str, str]:
    """The first message of each refused field, in words."""
    return {name: said_text(said) for name, said in exc.by_field().items()}
