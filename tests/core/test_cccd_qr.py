"""Reading the QR code of a chip-based CCCD card: all fields valid, or the scan is refused."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from counter_app.domain.cccd_qr import CccdCard, looks_like_cccd_qr, parse_cccd_qr
from counter_app.domain.errors import ValidationFailed
from ui.messages import said_text

TODAY = date(2025, 11, 21)
ADDRESS = "Số 1 phố Huế, Hai Bà Trưng, Hà Nội"
FULL = f"001092012345|123456789|Nguyễn Văn An|15081992|Nam|{ADDRESS}|01052021"
CARD = CccdCard(
    id_number="001092012345",
    old_id_number="123456789",
    full_name="Nguyễn Văn An",
    birth_date=date(1992, 8, 15),
    sex="Nam",
    address=ADDRESS,
    issued_on=date(2021, 5, 1),
)


def parse(text):
    return parse_cccd_qr(text, today=TODAY)


def refusal(text) -> str:
    with pytest.raises(ValidationFailed) as info:
        parse(text)
    (error,) = info.value.errors
    assert error.field == "cccd_qr" and error.message.code == "cccd_qr.invalid"
    words = said_text(error.message)
    assert words.startswith("Mã QR trên CCCD không hợp lệ: ")
    return words


def test_full_line():
    assert parse(FULL) == CARD


def test_trailing_line_end_bom_and_spaces():
    assert parse("\ufeff  " + FULL + "\r\n") == CARD


def test_trailing_bar():
    assert parse(FULL + "|") == CARD


def test_extra_fields_ignored():
    assert parse(FULL + "|something|else") == CARD


def test_missing_old_cmnd():
    card = parse(FULL.replace("|123456789|", "||"))
    assert card.old_id_number is None
    assert card.full_name == "Nguyễn Văn An"


def test_missing_trailing_fields():
    card = parse("001092012345|123456789|Nguyễn Văn An|15081992")
    assert card.birth_date == date(1992, 8, 15)
    assert (card.sex, card.address, card.issued_on) == (None, None, None)


def test_only_id_and_bar():
    card = parse("001092012345|")
    assert card.id_number == "001092012345"
    assert card.full_name is None and card.birth_date is None


def test_nfd_input_comes_back_nfc():
    card = parse(unicodedata.normalize("NFD", FULL))
    assert card == CARD
    assert unicodedata.is_normalized("NFC", card.full_name)
    assert unicodedata.is_normalized("NFC", card.address)


def test_sex_female_and_without_diacritics():
    text = "079305000123||Trần Thị Bình|02032005|Nu|Quận 1, TP. Hồ Chí Minh|10062021"
    card = parse(text)
    assert card.sex == "Nữ"
    assert card.birth_date == date(2005, 3, 2)


def test_bad_birth_date_refused():
    msg = refusal(FULL.replace("15081992", "31022020"))
    assert "ngày sinh" in msg and "31022020" in msg


def test_unparseable_birth_date_refused():
    assert "ngày sinh" in refusal(FULL.replace("15081992", "15-8-92"))


def test_bad_issue_date_refused():
    assert "ngày cấp" in refusal(FULL.replace("01052021", "32052021"))


def test_issue_date_before_birth_refused():
    assert "ngày cấp" in refusal(FULL.replace("01052021", "01051990"))


def test_future_issue_date_refused():
    assert "ngày cấp" in refusal(FULL.replace("01052021", "01052030"))


def test_bad_id_refused():
    msg = refusal(FULL.replace("001092012345", "000092012345"))
    assert "Số định danh/CCCD" in msg and "mã tỉnh" in msg


def test_id_too_short_refused():
    assert "Số định danh/CCCD" in refusal(FULL.replace("001092012345", "00109201234"))


def test_id_inconsistent_with_birth_year_refused():
    assert "1992" in refusal(FULL.replace("15081992", "15081993"))


def test_id_inconsistent_with_sex_refused():
    assert "giới tính" in refusal(FULL.replace("|Nam|", "|Nữ|"))


def test_bad_sex_refused():
    assert "giới tính" in refusal(FULL.replace("|Nam|", "|X|"))


def test_bad_name_refused():
    assert "Họ và tên" in refusal(FULL.replace("Nguyễn Văn An", "Nguyễn V4n An"))


def test_bad_old_cmnd_refused():
    assert "Số CMND" in refusal(FULL.replace("|123456789|", "|12345|"))


def test_missing_id_refused():
    assert "thiếu số định danh" in refusal("|123456789|Nguyễn Văn An|15081992|Nam")


def test_several_problems_named_together():
    msg = refusal("001092012345||Nguyễn Văn An|31021992|X")
    assert "ngày sinh" in msg and "giới tính" in msg


@pytest.mark.parametrize("text", ["", "   ", "\r\n", None])
def test_empty_refused(text):
    assert "không có dữ liệu" in refusal(text)


def test_no_separator_refused():
    assert "«|»" in refusal("001092012345")


@pytest.mark.parametrize("text, expected", [
    (FULL, True),
    ("\ufeff" + FULL + "\r\n", True),
    ("001092012345|", True),
    ("001092012345", False),
    ("000.00.14.H56-200203-0118", False),
    ("00109201234|abc", False),
    ("", False),
    (None, False),
])
def test_looks_like_cccd_qr(text, expected):
    assert looks_like_cccd_qr(text) is expected
