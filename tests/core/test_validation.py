"""Field validators and validate_draft: cleaned NFC values or messages that name the field."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta, UTC

import pytest

from counter_app.domain.clock import now_vn
from counter_app.domain.drafts import DocumentLine, DossierDraft, FeeInputs
from counter_app.domain.enums import ApplicantKind, DocumentForm, IdKind
from counter_app.domain.errors import Message, ValidationFailed
from counter_app.domain.provinces import CCCD_PROVINCE_CODES
from counter_app.domain.validation import (
    LABELLED_FIELDS,
    clean_address,
    clean_cccd,
    clean_cmnd,
    clean_email,
    clean_id_number,
    clean_name,
    clean_passport,
    clean_phone,
    clean_tax_code,
    clean_text,
    describe_cccd,
    label_of,
    tax_code_check_digit,
    validate_draft,
)
from ui.messages import error_text, field_texts, said_text

NOW = datetime(2025, 11, 21, 9, 30)
TODAY = NOW.date()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def refused(fn, *args, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        fn(*args, **kwargs)
    return info.value


# --- provinces --------------------------------------------------------------------------------

def test_province_table_has_the_63_provinces():
    assert len(CCCD_PROVINCE_CODES) == 63
    assert CCCD_PROVINCE_CODES["001"] == "Hà Nội"
    assert CCCD_PROVINCE_CODES["079"] == "TP. Hồ Chí Minh"
    assert CCCD_PROVINCE_CODES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in CCCD_PROVINCE_CODES)
    assert all(is_nfc(name) for name in CCCD_PROVINCE_CODES.values())


# --- CCCD -------------------------------------------------------------------------------------

def test_cccd_valid():
    assert clean_cccd("001092012345", today=TODAY) == "001092012345"


def test_cccd_spaces_removed():
    assert clean_cccd(" 001 092 012345 ", today=TODAY) == "001092012345"


def test_cccd_with_matching_birth_year_and_sex():
    assert clean_cccd("079305000123", 2005, "Nữ", today=TODAY) == "079305000123"


def test_cccd_describe():
    info = describe_cccd("079305000123")
    assert (info.province, info.birth_year, info.sex) == ("TP. Hồ Chí Minh", 2005, "Nữ")


@pytest.mark.parametrize("number", ["000092012345", "999092012345", "003092012345"])
def test_cccd_unknown_province(number):
    err = refused(clean_cccd, number, today=TODAY)
    assert err.errors[0].field == "id_number"
    assert "mã tỉnh" in said_text(err.errors[0].message)
    assert number[:3] in said_text(err.errors[0].message)


def test_cccd_century_digit_inconsistent_with_birth_year():
    # digit 4 = 2 means born in the 2000s: 2005, not 1905; digit 0 means 1905, not 2005
    msg = said_text(refused(clean_cccd, "001205012345", 1905, today=TODAY).errors[0].message)
    assert msg.startswith("Số định danh/CCCD:")
    assert "2005" in msg and "1905" in msg
    assert "1905" in said_text(refused(clean_cccd, "001005012345", 2005, today=TODAY).errors[0].message)
    assert clean_cccd("001205012345", 2005, today=TODAY) == "001205012345"


def test_cccd_year_digits_inconsistent_with_birth_year():
    msg = said_text(refused(clean_cccd, "001092012345", 1990, today=TODAY).errors[0].message)
    assert "1992" in msg and "1990" in msg


def test_cccd_sex_inconsistent():
    msg = said_text(refused(clean_cccd, "001092012345", 1992, "Nữ", today=TODAY).errors[0].message)
    assert "giới tính" in msg and "Nam" in msg


@pytest.mark.parametrize("number", ["001492012345", "001830012345", "001230012345"])
def test_cccd_birth_year_in_future(number):
    assert "chưa tới" in said_text(refused(clean_cccd, number, today=TODAY).errors[0].message)


def test_cccd_non_digits():
    msg = said_text(refused(clean_cccd, "00109201234A", today=TODAY).errors[0].message)
    assert "chữ số" in msg and "«A»" in msg


def test_cccd_eleven_digits():
    assert "đang có 11" in said_text(refused(clean_cccd, "00109201234", today=TODAY).errors[0].message)


def test_cccd_nine_digits_hints_at_cmnd():
    assert "CMND" in said_text(refused(clean_cccd, "123456789", today=TODAY).errors[0].message)


def test_cccd_empty():
    assert "không được để trống" in said_text(refused(clean_cccd, "", today=TODAY).errors[0].message)


# --- CMND, passport, tax code ---------------------------------------------------------------

def test_cmnd_valid():
    assert clean_cmnd("123 456 789") == "123456789"


@pytest.mark.parametrize("value", ["12345678", "1234567890", "12345678X", "001092012345"])
def test_cmnd_invalid(value):
    assert said_text(refused(clean_cmnd, value).errors[0].message).startswith("Số CMND:")


@pytest.mark.parametrize("value, expected", [
    ("C1234567", "C1234567"), ("c1234567", "C1234567"), ("B 1234567", "B1234567"),
    ("123456789", "123456789"), ("X12AB34", "X12AB34"),
])
def test_passport_valid(value, expected):
    assert clean_passport(value) == expected


@pytest.mark.parametrize("value", ["C123", "C12345678901", "C123-4567", "Đ1234567"])
def test_passport_invalid(value):
    assert said_text(refused(clean_passport, value).errors[0].message).startswith("Số hộ chiếu:")


@pytest.mark.parametrize("value, expected", [
    ("0100109106", "0100109106"),
    ("0300588569", "0300588569"),
    ("0101248141-001", "0101248141-001"),
    ("0101248141001", "0101248141-001"),
])
def test_tax_code_valid(value, expected):
    assert clean_tax_code(value) == expected


def test_tax_code_check_digit():
    assert tax_code_check_digit("010010910") == 6


@pytest.mark.parametrize("value", ["0100109107", "010010910", "0100109106-01", "0100109106-000",
                                   "01001091O6"])
def test_tax_code_invalid(value):
    assert said_text(refused(clean_tax_code, value).errors[0].message).startswith("Mã số thuế:")


def test_id_number_dispatch():
    assert clean_id_number(IdKind.CMND, "123456789") == "123456789"
    assert clean_id_number(IdKind.PASSPORT, "c1234567") == "C1234567"
    assert clean_id_number(IdKind.TAX_CODE, "0100109106") == "0100109106"
    assert clean_id_number(IdKind.CCCD, "001092012345", 1992) == "001092012345"
    with pytest.raises(ValidationFailed):
        clean_id_number(IdKind.CCCD, "001092012345", 1991)


# --- phone, e-mail ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("0912345678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"),
    ("+84 (0) 912 345 678", "0912345678"),
    ("0084912345678", "0912345678"),
    ("091.234.5678", "0912345678"),
    ("0912-345-678", "0912345678"),
    ("0327 123 456", "0327123456"),
    ("024 3825 6686", "02438256686"),
    ("+84 24 3825 6686", "02438256686"),
])
def test_phone_valid(value, expected):
    assert clean_phone(value) == expected


@pytest.mark.parametrize("value", ["0123", "01234567890", "0612345678", "091234567",
                                   "09123456789", "0912abc678", "+1 202 555 0100", "912345678"])
def test_phone_invalid(value):
    err = refused(clean_phone, value)
    assert err.errors[0].field == "phone"
    assert said_text(err.errors[0].message).startswith("Số điện thoại:")


def test_phone_message_gives_example():
    msg = said_text(refused(clean_phone, "0123").errors[0].message)
    assert msg == "Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)"


def test_phone_optional_and_required():
    assert clean_phone("  ") is None
    assert clean_phone(None) is None
    assert "không được để trống" in said_text(refused(clean_phone, "", required=True).errors[0].message)


@pytest.mark.parametrize("value, expected", [
    ("an.nguyen@Example.COM.VN", "an.nguyen@example.com.vn"),
    ("  Lan+hoso@gmail.com ", "Lan+hoso@gmail.com"),
    ("a_b@sub-domain.gov.vn", "a_b@sub-domain.gov.vn"),
])
def test_email_valid(value, expected):
    assert clean_email(value) == expected


@pytest.mark.parametrize("value", ["an.nguyen", "@gmail.com", "an@", "an@gmail", "an @gmail.com",
                                   "an..b@gmail.com", "an@gmail..com", "an@-gmail.com",
                                   "an@gmail.c", "nguyễn@gmail.com", "a@b@c.com"])
def test_email_invalid(value):
    err = refused(clean_email, value)
    assert err.errors[0].field == "email" and said_text(err.errors[0].message).startswith("Email:")


def test_email_too_long():
    value = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".vn"
    assert "254" in said_text(refused(clean_email, value).errors[0].message)


def test_email_optional():
    assert clean_email("") is None


# --- names and text ---------------------------------------------------------------------------

def test_name_nfd_comes_back_nfc():
    typed = nfd("Nguyễn  Thị   Ánh")
    assert not is_nfc(typed)
    cleaned = clean_name(typed)
    assert cleaned == "Nguyễn Thị Ánh"
    assert is_nfc(cleaned)


def test_name_minority_apostrophe_and_hyphen():
    assert clean_name("H\u2019Hen Niê") == "H'Hen Niê"
    assert clean_name("Jean-Pierre Lê") == "Jean-Pierre Lê"


def test_name_rejects_digits():
    msg = said_text(refused(clean_name, "Nguyễn Văn 2").errors[0].message)
    assert msg.startswith("Họ và tên:") and "chữ số" in msg


def test_name_rejects_symbols():
    assert "«@»" in said_text(refused(clean_name, "Nguyễn @n").errors[0].message)


def test_name_required_and_max_length():
    assert said_text(refused(clean_name, "   ").errors[0].message) == "Họ và tên: không được để trống"
    assert "tối đa 100" in said_text(refused(clean_name, "A" * 101).errors[0].message)
    assert clean_name("A" * 100) == "A" * 100


def test_name_must_have_a_letter():
    assert "chữ cái" in said_text(refused(clean_name, "'-.").errors[0].message)


def test_business_name_allows_digits_and_punctuation():
    name = "Công ty TNHH Thương mại & Dịch vụ 3A (Việt Nam), chi nhánh số 2"
    assert clean_name(name, business=True) == name


def test_business_name_label():
    assert said_text(refused(clean_name, "", business=True).errors[0].message).startswith("Tên tổ chức")


def test_name_field_and_label_follow_field():
    err = refused(clean_name, "X1", "representative_name")
    assert err.errors[0].field == "representative_name"
    assert said_text(err.errors[0].message).startswith("Người đại diện:")


def test_text_drops_invisible_and_refuses_control():
    assert clean_text("a\u200bb", "note", 10, True) == "ab"
    assert "điều khiển" in said_text(refused(clean_text, "a\x07b", "note", 10, True).errors[0].message)


def test_text_multiline_keeps_line_breaks():
    assert clean_text(" a  b \r\n c ", "note", 20, False, multiline=True) == "a b\nc"


def test_address_nfc_and_max():
    assert clean_address(nfd("Số 1 phố Huế")) == "Số 1 phố Huế"
    assert "tối đa 250" in said_text(refused(clean_address, "x" * 251).errors[0].message)
    assert refused(clean_address, "").errors[0].field == "address"
    assert clean_address("", required=False) is None


def test_field_labels_are_codes_said_in_vietnamese_nfc():
    assert label_of("applicant_name") == Message("field.applicant_name")
    assert said_text(label_of("applicant_name")) == "Họ và tên"
    assert said_text(label_of("phone")) == "Số điện thoại"
    assert said_text(label_of("id_number")) == "Số định danh/CCCD"
    assert label_of("no_such_field") == "no_such_field"
    assert all(is_nfc(said_text(label_of(field))) for field in LABELLED_FIELDS)


# --- validate_draft ---------------------------------------------------------------------------

def good_draft(**changes) -> DossierDraft:
    draft = DossierDraft(
        procedure_code="1.001193",
        applicant_name="Nguyễn Văn An",
        id_number="001092012345",
        address="Số 1 phố Huế, Hai Bà Trưng, Hà Nội",
        birth_date=date(1992, 8, 15),
        phone="+84 912 345 678",
        email="An@Example.VN",
        documents=(
            DocumentLine("Tờ khai đăng ký khai sinh", DocumentForm.ORIGINAL),
            DocumentLine("Giấy chứng sinh", DocumentForm.ORIGINAL),
        ),
        received_at=NOW - timedelta(minutes=1),
    )
    return replace(draft, **changes)


def test_full_valid_draft_passes_and_is_cleaned():
    draft = good_draft(applicant_name=nfd("  Nguyễn   Văn An "), note="  ghi chú  ")
    cleaned = validate_draft(draft, now=NOW)
    assert cleaned.applicant_name == "Nguyễn Văn An" and is_nfc(cleaned.applicant_name)
    assert cleaned.phone == "0912345678"
    assert cleaned.email == "An@example.vn"
    assert cleaned.note == "ghi chú"
    assert cleaned.documents == draft.documents
    assert cleaned.id_number == "001092012345"


def test_draft_collects_all_errors_naming_fields():
    draft = good_draft(applicant_name="", phone="0123", email="an@", procedure_code="abc",
                       sets=0, id_number="00109201234")
    err = refused(validate_draft, draft, now=NOW)
    fields = field_texts(err)
    assert set(fields) == {"applicant_name", "phone", "email", "procedure_code", "sets",
                           "id_number"}
    assert fields["applicant_name"].startswith("Họ và tên:")
    assert fields["phone"].startswith("Số điện thoại:")
    assert fields["sets"].startswith("Số bộ hồ sơ:")
    assert "Số điện thoại" in error_text(err)


def test_draft_birth_date_inconsistent_with_cccd():
    err = refused(validate_draft, good_draft(birth_date=date(1990, 1, 1)), now=NOW)
    assert "1990" in field_texts(err)["id_number"]


@pytest.mark.parametrize("birth", [date(2025, 11, 21), date(2030, 1, 1), date(1899, 12, 31)])
def test_draft_birth_date_range(birth):
    err = refused(validate_draft, good_draft(birth_date=birth, id_kind=IdKind.CMND,
                                             id_number="123456789"), now=NOW)
    assert field_texts(err)["birth_date"].startswith("Ngày sinh:")


def test_draft_person_with_tax_code_refused():
    err = refused(validate_draft, good_draft(id_kind=IdKind.TAX_CODE, id_number="0100109106"),
                  now=NOW)
    assert "id_kind" in field_texts(err)


def test_draft_business_needs_tax_code():
    err = refused(validate_draft, good_draft(applicant_kind=ApplicantKind.BUSINESS,
                                             applicant_name="Công ty TNHH An Bình 2"), now=NOW)
    assert "mã số thuế" in field_texts(err)["id_kind"]


def test_draft_business_valid_without_representative():
    draft = good_draft(applicant_kind=ApplicantKind.BUSINESS, id_kind=IdKind.TAX_CODE,
                       id_number="0100109106", applicant_name="Công ty TNHH An Bình 2",
                       birth_date=None)
    assert validate_draft(draft, now=NOW).representative_name is None


def test_draft_no_document_handed_in():
    docs = (DocumentLine("Tờ khai", handed_in=False), DocumentLine("Giấy chứng sinh",
                                                                   handed_in=False))
    err = refused(validate_draft, good_draft(documents=docs), now=NOW)
    assert field_texts(err)["documents"] == "Thành phần hồ sơ: chưa đánh dấu giấy tờ nào đã nhận"


def test_draft_no_documents_is_allowed():
    assert validate_draft(good_draft(documents=()), now=NOW).documents == ()


@pytest.mark.parametrize("count", [0, 100, -1])
def test_draft_document_count_range(count):
    err = refused(validate_draft, good_draft(documents=(DocumentLine("Tờ khai", count=count),)),
                  now=NOW)
    assert "dòng 1" in field_texts(err)["documents"]


def test_draft_document_name_required():
    err = refused(validate_draft, good_draft(documents=(DocumentLine(" "),)), now=NOW)
    assert "dòng 1" in field_texts(err)["documents"]


@pytest.mark.parametrize("code, expected", [
    ("1.004873.000.00.00.H14", "1.004873.000.00.00.H14"),
    (" 1.004873.000.00.00.h14 ", "1.004873.000.00.00.H14"),
    ("2.000815", "2.000815"),
])
def test_draft_procedure_code_valid(code, expected):
    assert validate_draft(good_draft(procedure_code=code), now=NOW).procedure_code == expected


@pytest.mark.parametrize("code", ["", "1001193", "1.00119", "1.0011934", "A.001193", "1.001193."])
def test_draft_procedure_code_invalid(code):
    err = refused(validate_draft, good_draft(procedure_code=code), now=NOW)
    assert field_texts(err)["procedure_code"].startswith("Mã thủ tục:")


@pytest.mark.parametrize("fee, field", [
    (FeeInputs(copies=0), "fee_inputs.copies"), (FeeInputs(copies=1000), "fee_inputs.copies"),
    (FeeInputs(pages=0), "fee_inputs.pages"), (FeeInputs(pages=10000), "fee_inputs.pages"),
])
def test_draft_fee_input_ranges(fee, field):
    assert field in refused(validate_draft, good_draft(fee_inputs=fee), now=NOW).by_field()


def test_draft_fee_input_bounds_ok():
    cleaned = validate_draft(good_draft(fee_inputs=FeeInputs(copies=999, pages=9999)), now=NOW)
    assert cleaned.fee_inputs == FeeInputs(999, 9999)


@pytest.mark.parametrize("sets", [0, 100, True, "2"])
def test_draft_sets_range(sets):
    assert "sets" in refused(validate_draft, good_draft(sets=sets), now=NOW).by_field()


def test_draft_note_max():
    assert "note" in refused(validate_draft, good_draft(note="x" * 501), now=NOW).by_field()


def test_draft_received_at_future_limit():
    validate_draft(good_draft(received_at=NOW + timedelta(minutes=5)), now=NOW)
    err = refused(validate_draft, good_draft(received_at=NOW + timedelta(minutes=6)), now=NOW)
    assert field_texts(err)["received_at"].startswith("Thời điểm tiếp nhận:")


def test_draft_received_at_aware_vs_naive_now():
    aware = datetime.now(UTC) + timedelta(hours=1)
    err = refused(validate_draft, good_draft(received_at=aware), now=now_vn())
    assert "received_at" in field_texts(err)


def test_draft_enum_from_string():
    cleaned = validate_draft(good_draft(id_kind="cmnd", id_number="123456789"), now=NOW)
    assert cleaned.id_kind is IdKind.CMND
    assert "id_kind" in refused(validate_draft, good_draft(id_kind="xyz"), now=NOW).by_field()


def test_draft_optional_contact_may_be_empty():
    cleaned = validate_draft(good_draft(phone="", email=None), now=NOW)
    assert cleaned.phone is None and cleaned.email is None


def test_draft_address_required():
    assert field_texts(refused(validate_draft, good_draft(address=" "), now=NOW))["address"] \
        == "Địa chỉ: không được để trống"
