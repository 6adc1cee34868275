"""ui/messages.py: the core's codes said in Vietnamese (the source) and in English (the .ts)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import FieldError, Message, NotAllowed, ValidationFailed, message
from counter_app.domain.lifecycle import Action
from ui.i18n import install_translators, remove_translators
from ui.messages import ACTION_VERBS, STATUS_WORDS, TEXTS, error_text, field_texts, message_text, status_text

ROOT = Path(__file__).resolve().parents[2]
REFUSED = NotAllowed("action.not_allowed_in_status", action=Action.REFUSE, code="000.00.14.H56-260310-0001",
                     status=DossierStatus.RETURNED)


@pytest.fixture
def english(qapp):
    translators = install_translators(qapp, "en")
    yield
    remove_translators(qapp, translators)


def test_a_refusal_is_said_in_vietnamese_with_its_status_and_action_in_words(qapp):
    assert error_text(REFUSED) == ("Không thể từ chối hồ sơ 000.00.14.H56-260310-0001: "
                                   "hồ sơ đang ở trạng thái “Đã trả kết quả”.")


def test_the_same_refusal_is_said_in_english(english):
    assert error_text(REFUSED) == ("Cannot refuse dossier 000.00.14.H56-260310-0001: "
                                   "the dossier's status is “Result returned”.")


def test_a_moment_a_day_money_and_a_nested_message_are_said_in_each_language(qapp):
    due = datetime(2026, 3, 18, 9, 5)
    late = ValidationFailed([FieldError("new_due_at", message("apology.new_due_too_early", old_due=due)),
                             FieldError("fees_paid", message("return.fees_unpaid", amount=1500000))])
    check = message("history.status_mismatch", code="X-1", status=message("history.status_none"),
                    last=message("history.status_named", number=9, status=DossierStatus.RESULT_READY))
    full = message("codes.exhausted", workstation=2, day=date(2026, 3, 10))
    assert field_texts(late) == {
        "new_due_at": "Ngày hẹn mới phải sau ngày hẹn cũ (09 giờ 05 phút, ngày 18/03/2026) và sau thời điểm hiện tại",
        "fees_paid": "Phí, lệ phí 1.500.000 đồng chưa được thu; hãy thu trước khi trả kết quả"}
    assert message_text(check) == ("Hồ sơ X-1: đang ở trạng thái (không có), nhưng lịch sử dẫn đến trạng thái "
                                   "9 – Đã có kết quả.")
    assert message_text(full) == "Quầy số 2 đã dùng hết số thứ tự hồ sơ của ngày 10/03/2026."
    translators = install_translators(qapp, "en")
    try:
        assert field_texts(late)["new_due_at"] == ("The new appointment must be after the old one "
                                                   "(09:05 on 18/03/2026) and after the present time")
        assert message_text(check) == "Dossier X-1: its status is (none), but its history leads to status 9 – Result ready."
        assert message_text(full) == "Counter 2 has used every dossier number for 10/03/2026."
    finally:
        remove_translators(qapp, translators)


def test_an_unknown_code_shows_itself_and_a_sentence_not_yet_coded_passes_through():
    assert message_text(Message("no.such_code", {"n": 1})) == "no.such_code(n=1)"
    assert error_text(NotAllowed("Một câu đã viết sẵn.")) == "Một câu đã viết sẵn."


def test_every_text_status_and_action_has_a_finished_english_translation_with_the_same_parameters():
    import re

    tree = ET.parse(ROOT / "resources" / "translations" / "counter_app_en.ts")
    english = {(c.findtext("name"), m.findtext("source")): m.find("translation")
               for c in tree.getroot().iter("context") for m in c.iter("message")}
    wanted = [("messages", t) for t in [*TEXTS.values(), *ACTION_VERBS.values()]]
    wanted += [("card", t) for t in STATUS_WORDS.values()]
    for context, source in wanted:
        translation = english.get((context, source))
        assert translation is not None and translation.get("type") != "unfinished" and translation.text, source
        assert set(re.findall(r"\{[a-z_]+\}", translation.text)) == set(re.findall(r"\{[a-z_]+\}", source)), source


def test_status_words_are_the_portals_names(qapp):
    assert [status_text(s) for s in (DossierStatus.RECEIVED, DossierStatus.RETURNED)] == ["Đã tiếp nhận", "Đã trả kết quả"]
    assert status_text(None) == ""


def test_a_catalogue_row_problem_is_said_where_and_what_in_each_language(qapp, tmp_path):
    from counter_app.domain.catalogue import CatalogueImportError, import_catalogue_file
    from ui.messages import said_text

    path = tmp_path / "catalogue.json"
    path.write_text('{"version": 1, "procedures": [{"code": "1-001193", "name": "X", "duration_value": 1, '
                    '"duration_unit": "weeks", "fee": {"kind": "free"}}]}', encoding="utf-8")
    with pytest.raises(CatalogueImportError) as info:
        import_catalogue_file(path)
    said = [said_text(p.said()) for p in info.value.problems]
    assert said == [
        "Thủ tục thứ 1, trường 'code': mã thủ tục '1-001193' không đúng dạng "
        "(ví dụ: 1.001193 hoặc 1.004873.000.00.00.H14)",
        "Thủ tục thứ 1, trường 'duration_unit': đơn vị thời hạn 'weeks' không hợp lệ (chọn một trong: "
        "Ngày làm việc (working_days), Giờ làm việc (working_hours), Ngày (tính cả ngày nghỉ) (calendar_days))"]
    translators = install_translators(qapp, "en")
    try:
        said = [said_text(p.said()) for p in info.value.problems]
        assert said[0] == ("Procedure no. 1, field 'code': procedure code '1-001193' is not well formed "
                           "(for example 1.001193 or 1.004873.000.00.00.H14)")
        # the file's own words (the national format's) stay as the file must hold them
        assert said[1] == ("Procedure no. 1, field 'duration_unit': time limit unit 'weeks' is not valid (choose one "
                           "of: Ngày làm việc (working_days), Giờ làm việc (working_hours), Ngày (tính cả ngày nghỉ) "
                           "(calendar_days))")
    finally:
        remove_translators(qapp, translators)


def test_the_papers_stay_vietnamese_in_an_english_window(english, tmp_path):
    """The personal-data paper and the QR check are the citizen's, in Vietnamese whatever the
    window's language: their words are data (resources/papers), not translated texts."""
    from counter_app.domain.slip_qr import Reason, Verdict, Verification
    from counter_app.domain.slip_qr_text import describe
    from counter_app.services.pii_export import write_pdf
    from tests.pdfcheck import page_text

    assert status_text(DossierStatus.RECEIVED) == "Received"  # the window is in English
    content = {"id_number": "079190012345", "generated_at": "2026-03-10 09:00:00", "dossiers": [
        {"code": "000.00.14.H56-260310-0001", "role": "applicant", "status_label": STATUS_WORDS[DossierStatus.RECEIVED],
         "fields": {"applicant_name": "Trần Thị Thu Hà"}, "events": [], "access_log": []}]}
    text = page_text(write_pdf(content, tmp_path / "pii.pdf"))
    assert "Hồ sơ 000.00.14.H56-260310-0001 — Đã tiếp nhận (Người nộp hồ sơ)" in text
    assert "Số giấy tờ tùy thân: 079190012345" in text and "Họ và tên" in text
    assert describe(Verification(Verdict.NOT_A_SLIP, Reason.NOT_BASE45))[0].startswith("KHÔNG PHẢI MÃ CỦA PHIẾU")
