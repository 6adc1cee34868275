"""The services the window and the command line call with the store (never a session): each
write is one transaction of its own, and a refused one leaves nothing written (issue 14 item 1)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter_app.domain.errors import NotAllowed, NotFound
from counter_app.services import admin, printing
from counter_app.services.counter_outcomes import refuse_at_counter
from counter_app.services.receiving import receive
from counter_app.store import crypt, queries, settings
from counter_app.store.audit import Action, verify_chain
from counter_app.store.models import AuditEntry, PrintJob


def _jobs(store) -> list[tuple[str, str, str | None]]:
    with store.read() as session:
        return [(j.kind, j.dossier_id, j.officer_id) for j in session.scalars(select(PrintJob).order_by(PrintJob.created_at, PrintJob.id))]


def test_check_form_says_whether_a_form_applies_to_the_dossier(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    assert printing.check_form(store, "receipt", receipt.code) == printing.FormCheck(receipt.id, receipt.code, None)
    refused = printing.check_form(store, "refusal", receipt.id)
    assert (refused.dossier_id, refused.code) == (receipt.id, receipt.code)
    assert refused.refusal.code == "printing.not_refused" and refused.refusal.params == {"code": receipt.code}
    with pytest.raises(NotFound):
        printing.check_form(store, "receipt", "000.00.14.H56-260310-9999")


def test_queue_form_queues_a_form_that_applies_and_refuses_one_that_does_not(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    canbo = queries.officer_id(store, "canbo1")
    job_id = printing.queue_form(store, "control", receipt.code, canbo)
    assert printing.get_job(store, job_id).kind == "control"
    assert _jobs(store) == [("control", receipt.id, canbo)]
    with pytest.raises(NotAllowed) as refused:
        printing.queue_form(store, "apology", receipt.code, canbo)
    assert refused.value.message.code == "printing.no_apology"
    assert _jobs(store) == [("control", receipt.id, canbo)]  # nothing queued


def test_queue_form_of_a_dossier_refused_at_the_counter(store, make_draft):
    out = refuse_at_counter(store, make_draft(), "Không thuộc thẩm quyền", "giamsat")
    before = _jobs(store)
    with pytest.raises(NotAllowed) as refused:
        printing.queue_form(store, "stop", out.code, None)
    assert refused.value.message.code == "printing.not_stopped"
    assert _jobs(store) == before
    printing.queue_form(store, "refusal", out.code, None)  # reprinted: the refusal applies
    assert _jobs(store) == [*before, ("refusal", before[0][1], None)]


def test_queue_dossier_slip_records_the_officer_named_nobody_or_the_first_administrator(store, make_draft):
    receipt = receive(store, make_draft(), "canbo1")
    canbo, admin_id = queries.officer_id(store, "canbo1"), queries.officer_id(store, "admin")
    named = printing.queue_dossier_slip(store, "receipt", receipt.id, "canbo1", data={"paper": "a5"})
    nobody = printing.queue_dossier_slip(store, "label", receipt.id, None)
    default = printing.queue_dossier_slip(store, "label", receipt.id, None, default_officer=True)
    assert _jobs(store) == [("receipt", receipt.id, canbo), ("label", receipt.id, None),
                            ("label", receipt.id, admin_id)]
    with store.read() as session:
        assert session.get(PrintJob, named).data["paper"] == "a5"
    assert len({named, nobody, default}) == 3
    with pytest.raises(NotFound):
        printing.queue_dossier_slip(store, "receipt", receipt.id, "nobody")
    assert len(_jobs(store)) == 3


def test_export_recovery_key_writes_the_key_and_audits_it(store, tmp_path):
    admin_id = queries.officer_id(store, "admin")
    out = admin.export_recovery_key(store, admin_id, tmp_path / "khoa-khoi-phuc.txt")
    assert out == tmp_path / "khoa-khoi-phuc.txt"
    assert crypt.read_recovery_key(out) == store.key
    with store.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert (last.officer_id, last.action, last.target) == (admin_id, Action.RECOVERY_KEY_EXPORTED,
                                                               "khoa-khoi-phuc.txt")
        assert verify_chain(session) == []


def test_remember_server_url_keeps_the_address_unaudited(store):
    with store.read() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
    admin.remember_server_url(store, "https://motcua.example.gov.vn")
    with store.read() as session:
        assert settings.get_setting(session, "sync.server_url") == "https://motcua.example.gov.vn"
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries
