"""The signed QR as printed (issue 16 item 3): rendered to PDF, rasterised at the printer's
resolution (150 dpi for the A5 slip, 203 dpi for the label), decoded by zxing and verified.
Measured here: the QR's version and its module on paper."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.domain import slip_qr
from counter_app.services import printing
from counter_app.services.receiving import receive
from counter_app.slips import SlipData, render
from tests import pdfcheck
from tests.core.test_slips import slip

PROVINCE = Ed25519PrivateKey.generate()
WORKSTATION = Ed25519PrivateKey.generate()
SIGNED_AT = datetime(2026, 3, 10, 9, 6)


def make_signer(agency: str = "000.00.14.H56", workstation_no: int = 3) -> slip_qr.SlipSigner:
    cert = slip_qr.issue_certificate(PROVINCE, device_id=uuid.uuid4().hex, agency_id=agency,
                                     workstation_no=workstation_no, public_key=slip_qr.raw_public(WORKSTATION),
                                     not_before=datetime(2026, 1, 1, tzinfo=UTC),
                                     not_after=datetime(2028, 1, 1, tzinfo=UTC))
    return slip_qr.SlipSigner(WORKSTATION, cert)


def signed(data: SlipData, signer: slip_qr.SlipSigner | None = None) -> SlipData:
    signer = signer or make_signer()
    return replace(data, qr_text=signer.qr_text(code=data.code, applicant_name=data.applicant_name,
                                                received_at=data.received_at, due_at=data.due_at,
                                                signed_at=SIGNED_AT))


def qr_symbols(pdf: bytes, dpi: int) -> list[tuple[str, int, float]]:
    """(text, version, module in mm) of every QR code on the first page rasterised at *dpi*."""
    found = []
    for r in zxingcpp.read_barcodes(pdfcheck.rasterise(pdf, dpi=dpi)):
        if r.format.name != "QRCode":
            continue
        version = int(r.extra["Version"])
        pos = r.position
        side_px = ((pos.top_right.x - pos.top_left.x) + (pos.bottom_right.x - pos.bottom_left.x)) / 2
        modules = 17 + 4 * version
        found.append((r.text, version, (side_px + 1) / modules * 25.4 / dpi))
    return found


@pytest.mark.parametrize("forms", ["2018", "2025"])
@pytest.mark.parametrize("kind, paper, dpi, copies, module_mm", [
    ("receipt", "a5", 150, 1, 2 * 25.4 / 150),         # two dots of a 150 dpi printer: 0.339 mm
    ("receipt", "a4_two_a5", 150, 2, 2 * 25.4 / 150),
    ("label", "a5", 203, 1, 2 * 25.4 / 203.2),        # two dots of the 8 dots/mm label printer: 0.25 mm
])
def test_the_signed_qr_decodes_from_the_rasterised_pdf_and_verifies(forms, kind, paper, dpi, copies, module_mm):
    data = signed(slip())
    pdf = render(kind, data, paper=paper, forms_version=forms)
    symbols = qr_symbols(pdf, dpi)
    assert [text for text, _, _ in symbols] == [data.qr_text] * copies
    for _, version, module in symbols:
        assert version == 13  # 474 characters in alphanumeric mode, level M
        assert module == pytest.approx(module_mm, abs=0.02)
    result = slip_qr.verify(symbols[0][0], slip_qr.raw_public(PROVINCE))
    assert result.verdict is slip_qr.Verdict.VALID and result.statement.code == data.code
    found = pdfcheck.decode_page(pdf, dpi=dpi)
    assert pdfcheck.texts_of(found, "Code128") == [data.code] * copies  # the barcode stays the code


@pytest.mark.parametrize("kind, dpi", [("receipt", 150), ("label", 203)])
def test_the_largest_statement_still_fits_and_decodes(kind, dpi):
    """The longest code parse_code accepts, six initials, workstation 9999: one version more."""
    longest = "ABC.DE.FG.HIJ-261231-9999"
    data = signed(slip(code=longest, applicant_name="Công ty TNHH Một thành viên Xây dựng Số 1 Đà Nẵng"),
                  make_signer(agency="ABC.DE.FG.HIJ", workstation_no=9999))
    symbols = qr_symbols(render(kind, data, paper="a5"), dpi)
    assert [text for text, _, _ in symbols] == [data.qr_text]
    assert symbols[0][1] <= 14
    assert slip_qr.verify(data.qr_text, slip_qr.raw_public(PROVINCE)).valid


def test_the_signed_receipt_keeps_its_whole_text_beside_the_qr():
    """The QR floats right of the first lines: no line is cut or drawn over it."""
    data = signed(slip())
    pdf = render("receipt", data, paper="a5")
    text = pdfcheck.flat(pdfcheck.page_text(pdf))
    for expected in ("tiếp nhận hồ sơ của: Nguyễn Thị Ánh Tuyết", "Số định danh cá nhân / giấy tờ: 001192012345",
                     "Địa chỉ: Số 1 Trần Phú, phường Hải Châu, Đà Nẵng", "Vào Sổ theo dõi hồ sơ"):
        assert expected in text


def test_the_print_service_signs_the_receipt_and_label_only(store, make_draft):
    receipt = receive(store, make_draft(applicant_name="Đỗ Thị Hằng"), "canbo1")
    signer = make_signer(agency=receipt.code.rsplit("-", 2)[0])
    now = datetime(2026, 12, 6, 10, 0)  # the signing time, inside the certificate (2026–2027)
    for kind, dpi, want_signed in (("receipt", 150, True), ("label", 203, True), ("supplement", 150, False)):
        pdf = printing.render_dossier_slip(store, receipt.code, kind, signer=signer, now=now,
                                           data={"missing_items": ["Bản sao giấy khai sinh"]})
        texts = [text for text, _, _ in qr_symbols(pdf, dpi)]
        assert texts, kind
        if want_signed:
            result = slip_qr.verify(texts[0], slip_qr.raw_public(PROVINCE))
            assert result.valid and result.statement.code == receipt.code
            assert result.statement.initials == "DTH" and result.statement.due_at == receipt.due_at
        else:
            assert set(texts) == {receipt.code}
    unsigned = printing.render_dossier_slip(store, receipt.code, "receipt")  # an un-enrolled counter
    assert {text for text, _, _ in qr_symbols(unsigned, 150)} == {receipt.code}
