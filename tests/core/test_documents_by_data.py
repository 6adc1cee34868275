"""Documents satisfied by data (khai thác dữ liệu) and the identity check, from the form to the slip."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from counter_app.domain.drafts import DocumentLine
from counter_app.domain.enums import DocumentForm, IdentityCheck
from counter_app.domain.errors import ValidationFailed
from counter_app.store.models import Dossier, OutboxItem
from counter_app.services import printing
from counter_app.services.receiving import receive
from tests import pdfcheck
from ui.cli.core_commands import draft_from_json

T0 = datetime(2026, 3, 10, 9, 0)
DOCS = (DocumentLine("Tờ khai đăng ký khai sinh", DocumentForm.ORIGINAL),
        DocumentLine("Giấy tờ chứng minh nơi cư trú", DocumentForm.DATA))


def test_an_item_taken_from_the_databases_and_the_identity_check_are_on_the_slip(store, make_draft):
    receipt = receive(store, make_draft(documents=DOCS, identity_check=IdentityCheck.VNEID), "canbo1", now=T0)
    with store.read() as session:
        d = session.get(Dossier, receipt.id)
        assert d.identity_check == "vneid"
        assert [doc.form for doc in d.documents] == ["original", "data"]
        payload = session.scalar(select(OutboxItem).where(OutboxItem.dossier_id == receipt.id)).payload
    assert payload["dossier"]["identity_check"] == "vneid"  # the province learns it with the dossier
    assert payload["dossier"]["documents"][1]["form"] == "data"
    with store.write() as session:
        job_id = printing.queue_slip(session, "receipt", receipt.id, "canbo1")
    text = pdfcheck.flat(pdfcheck.page_text(printing.render_job(store, job_id)))
    assert text.count("1. Tờ khai đăng ký khai sinh (bản chính: 1)") == 2
    assert text.count("2. Giấy tờ chứng minh nơi cư trú (khai thác dữ liệu, không thu giấy)") == 2
    assert text.count("Kiểm tra nhân thân bằng: tài khoản định danh điện tử VNeID") == 2


def test_without_an_identity_check_the_line_is_left_out(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1", now=T0)
    with store.write() as session:
        job_id = printing.queue_slip(session, "receipt", receipt.id, "canbo1")
    assert "Kiểm tra nhân thân" not in pdfcheck.page_text(printing.render_job(store, job_id))


def test_the_receive_json_takes_both_and_names_a_bad_value():
    good = {"procedure_code": "1.001193", "applicant_name": "Đặng Văn Đức", "id_number": "001092012345",
            "address": "Số 1 Trần Phú", "identity_check": "cccd_qr",
            "documents": [{"name": "Giấy tờ chứng minh nơi cư trú", "form": "data"}]}
    draft, _ = draft_from_json(good)
    assert (draft.identity_check, draft.documents[0].form) == (IdentityCheck.CCCD_QR, DocumentForm.DATA)
    with pytest.raises(ValidationFailed) as caught:
        draft_from_json({**good, "identity_check": "fingerprint"})
    [error] = caught.value.errors
    assert error.field == "identity_check" and "fingerprint" in error.message and "vneid" in error.message
