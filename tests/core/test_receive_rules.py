"""What `receive` refuses to keep (issue 12, item 6), at the service: ids, dates, officers, echoes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from counter_app.domain.clock import now_vn
from counter_app.services import auth
from counter_app.store import settings
from counter_app.domain.errors import NotAllowed, ValidationFailed
from counter_app.domain.ids import new_id
from counter_app.store.models import AuditEntry, Dossier
from counter_app.services.receiving import BACKDATE_HOURS, receive
from counter_app.domain.validation import validate_draft
from tests.said import raises_saying

NOW = datetime.now().replace(microsecond=0)


def _count(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(Dossier))


def _fields(exc: pytest.ExceptionInfo) -> set[str]:
    return {e.field for e in exc.value.errors}


@pytest.mark.parametrize("bad", ["", "abc", "a" * 40, str(uuid.uuid4()), str(uuid.uuid1()),
                                 "{" + new_id() + "}", new_id().replace("-", "")])
def test_a_caller_id_must_be_a_canonical_uuid7(make_draft, bad):
    with pytest.raises(ValidationFailed) as exc:
        validate_draft(make_draft(id=bad), now=NOW)
    assert _fields(exc) == {"id"}


def test_a_used_id_is_bad_input_not_an_integrity_error(store, make_draft):
    given = new_id()
    first = receive(store, make_draft(id=given), "canbo1")
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(id=given, applicant_name="Người Khác"), "canbo1")
    assert _fields(exc) == {"id"} and first.code in str(exc.value)
    assert _count(store) == 1


@pytest.mark.parametrize("year", [1999, 1900, 2100])
def test_a_year_whose_two_digits_would_wrap_is_refused(store, make_draft, year):
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(received_at=datetime(year, 3, 10, 9, 0)), "canbo1",
                now=datetime(2150, 1, 1))
    assert _fields(exc) == {"received_at"} and str(year) in str(exc.value)
    assert _count(store) == 0


def test_never_before_the_agency_was_set_up(store, make_draft):
    with store.read() as session:
        set_up = datetime.fromisoformat(settings.get_setting(session, settings.AGENCY_SET_UP_AT))
    assert abs(set_up - now_vn()) < timedelta(minutes=5)  # set up just now, in Vietnam time
    supervisor = _supervisor(store)
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(received_at=set_up - timedelta(minutes=1)), "canbo1",
                check_dating=True, supervisor=supervisor)
    assert _fields(exc) == {"received_at"}
    receive(store, make_draft(received_at=set_up), "canbo1", check_dating=True)


def _supervisor(store):
    with store.write() as session:  # the fixture's officers have no password yet
        for officer in session.scalars(select(auth.Officer)):
            officer.password_hash = auth.hash_password("mat-khau-giam-sat")
    return auth.login(store, "giamsat", "mat-khau-giam-sat")


def test_back_dating_beyond_the_window_needs_a_supervisor_and_is_audited(store, make_draft):
    with store.write() as session:
        settings.set_setting(session, settings.AGENCY_SET_UP_AT, (NOW - timedelta(days=30)).isoformat())
        settings.set_setting(session, BACKDATE_HOURS, 48)
    within = make_draft(received_at=NOW - timedelta(hours=47))
    beyond = make_draft(received_at=NOW - timedelta(hours=49))
    receive(store, within, "canbo1", now=NOW, check_dating=True)
    with raises_saying(NotAllowed, "giám sát"):
        receive(store, beyond, "canbo1", now=NOW, check_dating=True)
    supervisor = _supervisor(store)
    officer = auth.login(store, "canbo1", "mat-khau-giam-sat")
    with raises_saying(NotAllowed, "cán bộ tiếp nhận"):
        receive(store, beyond, "canbo1", now=NOW, check_dating=True, supervisor=officer)
    receipt = receive(store, beyond, "canbo1", now=NOW, check_dating=True, supervisor=supervisor)
    assert _count(store) == 2
    with store.read() as session:
        entry = session.execute(select(AuditEntry.target, AuditEntry.officer_id)
                                .where(AuditEntry.action == "dossier_backdated")).one()
    assert tuple(entry) == (receipt.code, supervisor.officer_id)


def test_an_unknown_or_disabled_officer_is_bad_input(store, make_draft):
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(), "x" * 100_000)
    assert _fields(exc) == {"officer"} and len(str(exc.value)) < 200
    _supervisor(store)
    admin = auth.login(store, "admin", "mat-khau-giam-sat")
    auth.set_active(store, admin, "canbo2", False)
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(), "canbo2")
    assert _fields(exc) == {"officer"}
    assert _count(store) == 0


def test_an_unknown_procedure_of_100_kb_is_quoted_short(store, make_draft):
    with pytest.raises(ValidationFailed) as exc:
        receive(store, make_draft(procedure_code="1." + "0" * 100_000), "canbo1")
    assert len(str(exc.value)) < 200
    with pytest.raises(ValidationFailed) as exc:
        validate_draft(make_draft(channel="c" * 100_000), now=NOW)
    assert len(str(exc.value)) < 200
