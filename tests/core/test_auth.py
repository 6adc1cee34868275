"""Officers and roles: Argon2id hashes, lockout with an injected clock, admin-only accounts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from counter_app.domain.enums import Role
from counter_app.domain.errors import Message, NotAllowed, ValidationFailed
from counter_app.domain.lifecycle import Action
from counter_app.services import auth
from counter_app.store import settings
from counter_app.store.audit import verify_chain
from counter_app.store.models import AuditEntry, Officer
from tests.said import raises_saying
from ui.messages import error_text

T0 = datetime(2026, 3, 10, 8, 0)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    """Argon2id still, with small parameters: the production ones cost ~0.5 s a hash."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _set_password(store, username, password):
    with store.write() as session:
        session.query(Officer).filter_by(username=username).one().password_hash = auth.hash_password(password)


@pytest.fixture
def accounts(store):
    for name in ("admin", "giamsat", "canbo1"):
        _set_password(store, name, f"{name}-secret")
    return store


def _actions(store):
    with store.read() as session:
        return [(e.action, e.target) for e in session.query(AuditEntry).order_by(AuditEntry.seq)]


def test_hashes_are_argon2id_and_salted():
    a, b = auth.hash_password("mật khẩu"), auth.hash_password("mật khẩu")
    assert a.startswith("$argon2id$") and a != b
    assert PasswordHasher().hash("x").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert auth.verify_password(a, "mật khẩu")
    assert not auth.verify_password(a, "mat khau")
    assert not auth.verify_password(None, "")
    assert not auth.verify_password("not-a-hash", "x")


def test_login_returns_the_officer_and_is_audited(accounts):
    signed = auth.login(accounts, "GiamSat ", "giamsat-secret", now=T0)
    assert (signed.username, signed.full_name, signed.role) == ("giamsat", "Lê Văn Hùng", Role.SUPERVISOR)
    assert _actions(accounts) == [("login", "giamsat")]


def _generic_words(limit: int = 5, minutes: int = 15) -> str:
    return ("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá "
            f"(sau {limit} lần nhập sai liên tiếp, tài khoản bị khoá {minutes} phút).")


def _generic(limit: int = 5, minutes: int = 15) -> str:
    return re.escape(_generic_words(limit, minutes))


def test_wrong_password_locks_after_the_limit_without_telling_an_unproven_name(accounts):
    with accounts.write() as session:
        settings.set_setting(session, auth.LOCKOUT_ATTEMPTS, 3)
        settings.set_setting(session, auth.LOCKOUT_MINUTES, 10)
    for _ in range(3):  # no count down, no "locked until" for someone who has not proven the name
        with raises_saying(auth.LoginFailed, _generic(3, 10)) as failed:
            auth.login(accounts, "canbo1", "sai", now=T0)
        assert failed.value.locked_until is None
    with accounts.read() as session:
        assert session.query(Officer).filter_by(username="canbo1").one().locked_until == T0 + timedelta(minutes=10)
    # Even the right password is refused while locked, with the same words.
    with raises_saying(auth.LoginFailed, _generic(3, 10)) as still:
        auth.login(accounts, "canbo1", "canbo1-secret", now=T0 + timedelta(minutes=9, seconds=59))
    assert still.value.locked_until is None
    signed = auth.login(accounts, "canbo1", "canbo1-secret", now=T0 + timedelta(minutes=10))
    assert signed.username == "canbo1"
    with accounts.read() as session:
        row = session.query(Officer).filter_by(username="canbo1").one()
        assert (row.failed_logins, row.locked_until) == (0, None)
        assert verify_chain(session) == []
    assert [a for a, _ in _actions(accounts)] == [
        "login_failed", "login_failed", "login_failed", "lockout", "login_failed", "login"]


class CountingHasher(PasswordHasher):
    """The real Argon2 hasher, counting its verifications."""

    verified = 0

    def verify(self, hash, password):  # noqa: A002 - the library's own parameter name
        type(self).verified += 1
        return super().verify(hash, password)


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer_after_the_same_argon2_check(
        accounts, monkeypatch):
    monkeypatch.setattr(auth, "_HASHER", CountingHasher())
    answers = {}
    for name, password in (("khongco", "sai"), ("canbo1", "sai"), ("canbo2", "sai")):  # canbo2: no password
        CountingHasher.verified = 0
        with pytest.raises(auth.LoginFailed) as failed:
            auth.login(accounts, name, password, now=T0)
        answers[name] = (error_text(failed.value), failed.value.locked_until, CountingHasher.verified)
        assert failed.value.message == Message(auth.LOGIN_FAILED, {"limit": 5, "minutes": 15})
    assert answers["khongco"] == answers["canbo1"] == answers["canbo2"] == (
        _generic_words(), None, 1)
    # A locked account is checked too (one Argon2 verification), and answers the same.
    with accounts.write() as session:
        settings.find_officer(session, "canbo1").locked_until = T0 + timedelta(minutes=5)
    CountingHasher.verified = 0
    with pytest.raises(auth.LoginFailed) as locked:
        auth.login(accounts, "canbo1", "canbo1-secret", now=T0)
    assert (error_text(locked.value), CountingHasher.verified) == (answers["khongco"][0], 1)


def test_unlocking_the_screen_is_audited_as_an_unlock_with_the_same_lockout(accounts):
    with accounts.write() as session:
        settings.set_setting(session, auth.LOCKOUT_ATTEMPTS, 2)
        officer_id = settings.find_officer(session, "canbo1").id
    signed = auth.verify_officer_password(accounts, officer_id, "canbo1-secret", now=T0)
    assert (signed.officer_id, signed.username) == (officer_id, "canbo1")
    with raises_saying(auth.LoginFailed, "còn 1 lần thử"):
        auth.verify_officer_password(accounts, officer_id, "sai", now=T0)
    with raises_saying(auth.LoginFailed, "bị khoá 15 phút"):
        auth.verify_officer_password(accounts, officer_id, "sai", now=T0)
    with raises_saying(auth.LoginFailed, "đang bị khoá"):
        auth.verify_officer_password(accounts, officer_id, "canbo1-secret", now=T0 + timedelta(minutes=1))
    auth.verify_officer_password(accounts, officer_id, "canbo1-secret", now=T0 + timedelta(minutes=15))
    assert _actions(accounts) == [("unlock_screen", "canbo1"), ("login_failed", "canbo1"),
                                  ("login_failed", "canbo1"), ("lockout", "canbo1"), ("login_failed", "canbo1"),
                                  ("unlock_screen", "canbo1")]
    with accounts.read() as session:
        assert verify_chain(session) == []


def test_a_success_resets_the_failure_count(accounts):
    for _ in range(4):
        with pytest.raises(auth.LoginFailed):
            auth.login(accounts, "canbo1", "sai", now=T0)
    auth.login(accounts, "canbo1", "canbo1-secret", now=T0)
    with accounts.read() as session:
        assert session.query(Officer).filter_by(username="canbo1").one().failed_logins == 0


def test_unknown_user_disabled_account_and_missing_password(accounts):
    with raises_saying(auth.LoginFailed, _generic()):
        auth.login(accounts, "khongco", "x", now=T0)
    with raises_saying(auth.LoginFailed, _generic()):  # no password: not told to an unproven name
        auth.login(accounts, "canbo2", "", now=T0)
    auth.set_active(accounts, "admin", "canbo1", False, now=T0)
    with raises_saying(auth.LoginFailed, "vô hiệu hoá"):
        auth.login(accounts, "canbo1", "canbo1-secret", now=T0)


def test_a_supervisors_action_is_refused_to_an_officer_and_allowed_to_a_supervisor(accounts):
    officer = auth.login(accounts, "canbo1", "canbo1-secret", now=T0)
    supervisor = auth.login(accounts, "giamsat", "giamsat-secret", now=T0)
    admin = auth.login(accounts, "admin", "admin-secret", now=T0)
    with pytest.raises(NotAllowed) as refused:
        auth.check_action(officer, Action.REFUSE)
    assert error_text(refused.value) == ("Từ chối tiếp nhận hồ sơ: cần quyền giám sát; "
                                  "tài khoản 'canbo1' chỉ có quyền cán bộ tiếp nhận.")
    with raises_saying(NotAllowed, "Rút hồ sơ: cần quyền giám sát"):
        auth.check_action(officer, Action.WITHDRAW)
    auth.check_action(supervisor, Action.REFUSE)
    auth.check_action(admin, Action.WITHDRAW)
    auth.check_action(officer, Action.HAND_OVER)
    with raises_saying(NotAllowed, "cần đăng nhập"):
        auth.require_role(None, Role.SUPERVISOR, "Sửa hồ sơ")


def test_only_administrators_manage_accounts(accounts):
    with raises_saying(NotAllowed, "Tạo tài khoản: cần quyền quản trị viên"):
        auth.create_officer(accounts, "giamsat", "canbo3", "Võ Thị Hoa", Role.OFFICER, "matkhau123")
    created = auth.create_officer(accounts, "admin", "CanBo3", "Võ  Thị Hoa", Role.OFFICER, "matkhau123", now=T0)
    assert (created.username, created.full_name, created.role, created.active) == (
        "canbo3", "Võ Thị Hoa", Role.OFFICER, True)
    assert auth.login(accounts, "canbo3", "matkhau123", now=T0).role is Role.OFFICER
    auth.change_role(accounts, "admin", "canbo3", Role.SUPERVISOR, now=T0)
    auth.reset_password(accounts, "admin", "canbo3", "moi-matkhau", now=T0)
    assert auth.login(accounts, "canbo3", "moi-matkhau", now=T0).role is Role.SUPERVISOR
    with raises_saying(ValidationFailed, "ít nhất 8 ký tự"):
        auth.reset_password(accounts, "admin", "canbo3", "ngan", now=T0)
    with raises_saying(ValidationFailed, "đã có"):
        auth.create_officer(accounts, "admin", "canbo3", "X Y", Role.OFFICER, "matkhau123")
    assert [a for a, t in _actions(accounts) if t == "canbo3"] == [
        "officer_created", "login", "role_changed", "password_reset", "login"]


def test_the_last_administrator_cannot_be_disabled_or_demoted(accounts):
    with raises_saying(NotAllowed, "tự vô hiệu hoá"):
        auth.set_active(accounts, "admin", "admin", False)
    with raises_saying(NotAllowed, "quản trị viên cuối cùng"):
        auth.change_role(accounts, "admin", "admin", Role.OFFICER)


def test_the_first_administrator_may_be_created_without_signing_in(store):
    with raises_saying(NotAllowed, "phải là quản trị viên"):
        auth.create_officer(store, None, "canbo9", "Lê Thị Na", Role.OFFICER, "matkhau123")
    auth.create_officer(store, None, "quantri", "Lê Thị Na", Role.ADMIN, "matkhau123")
    with raises_saying(NotAllowed, "cần đăng nhập"):
        auth.create_officer(store, None, "quantri2", "Lê Thị Nga", Role.ADMIN, "matkhau123")


def test_refusing_a_received_dossier_through_the_service_needs_a_supervisor(accounts, make_draft):
    from counter_app.domain.enums import DossierStatus
    from counter_app.services import actions
    from counter_app.services.receiving import receive

    receipt = receive(accounts, make_draft(), "canbo1", now=datetime(2026, 3, 10, 9, 30))
    with raises_saying(NotAllowed, "Từ chối tiếp nhận hồ sơ: cần quyền giám sát"):
        actions.refuse(accounts, receipt.code, "canbo1", reason="Không thuộc thẩm quyền", now=datetime(2026, 3, 10, 9, 45))
    with accounts.read() as session:
        assert session.query(AuditEntry).filter_by(action="dossier_refused").count() == 0
    result = actions.refuse(accounts, receipt.code, "giamsat", reason="Không thuộc thẩm quyền", now=datetime(2026, 3, 10, 9, 45))
    assert result.to_status is DossierStatus.REFUSED
    assert _actions(accounts)[-1] == ("dossier_refused", receipt.code)
