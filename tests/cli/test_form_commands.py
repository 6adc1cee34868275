"""`counter-app receipt CODE --kind …`: every form that applies to a dossier, from the demo profile
(which holds dossiers in every status), and a clear refusal for one that does not apply."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from counter_app.store.db import open_store
from counter_app.services.demo import create_demo
from counter_app.domain.enums import DossierStatus as S
from counter_app.store.models import Dossier
from tests import pdfcheck
from ui.cli.main import main as cli_main

NOW = datetime(2026, 3, 10, 16, 0)
TITLES = {
    "receipt": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "supplement": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "refusal": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "stop": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "control": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "apology": "VĂN BẢN XIN LỖI",
}
RECEIVED = {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUIRED, S.WITHDRAWN, S.STOPPED,
            S.RESULT_READY, S.RETURNED}
#: Which forms apply to a dossier in each status of the demo (none of them has an apology).
APPLIES = {status: {"receipt", "control", "label"} if status in RECEIVED else set() for status in S}
APPLIES[S.SUPPLEMENT_REQUESTED] |= {"supplement"}
APPLIES[S.REFUSED] |= {"refusal"}
APPLIES[S.STOPPED] |= {"stop"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    profile = tmp_path_factory.mktemp("forms") / "demo"
    store = open_store(profile)
    try:
        create_demo(store, 40, now=NOW)
        with store.read() as session:
            codes = {S(status): code for status, code in session.execute(select(Dossier.status, Dossier.code))}
    finally:
        store.dispose()
    return profile, codes


def test_the_demo_holds_a_dossier_in_every_status_stopped_included(demo):
    _profile, codes = demo
    assert set(codes) == set(S)


@pytest.mark.parametrize("status", list(S), ids=[s.name.lower() for s in S])
def test_each_form_that_applies_prints_and_one_that_does_not_is_refused(demo, status, tmp_path, capsys):
    profile, codes = demo
    code = codes[status]
    for kind in ("receipt", "supplement", "refusal", "apology", "stop", "control", "label"):
        out = tmp_path / f"{kind}.pdf"
        rc = cli_main(["--profile", str(profile), "receipt", code, "--kind", kind, "-o", str(out)])
        err = capsys.readouterr().err
        if kind in APPLIES[status]:
            assert rc == 0, (kind, err)
            text = pdfcheck.flat(pdfcheck.all_text(out.read_bytes()))
            assert code in text
            if kind in TITLES:
                assert TITLES[kind] in text, kind
                assert "Số: ……" not in text  # numbered
        else:
            assert rc == 1, kind
            assert not out.exists()
            assert code in err and "không" in err.lower(), err
    if status is S.STOPPED:  # the stop notice says what the event recorded
        text = pdfcheck.flat(pdfcheck.all_text((tmp_path / "stop.pdf").read_bytes()))
        assert "Lý do: " in text and "Người quyết định: " in text
