"""Officers, roles and passwords: Argon2id hashes, login with lockout, account management.

Roles rank officer < supervisor < administrator; an administrator may do what a supervisor
may. Settings (key: default): ``auth.lockout_attempts``: 5 failed logins in a row lock the
account for ``auth.lockout_minutes``: 15; ``auth.min_password_length``: 8;
``auth.idle_lock_minutes``: 10 (the screen locks after that much idle time; 0: never).

Signing in leaks nothing about the accounts (issue 16 item 5): an unknown name, a wrong
password, an account without a password and a locked one all get the same message, after the
same work (one Argon2 verification, against a dummy hash when there is no real one), and the
remaining attempts or the end of a lockout are never told to someone who has not proven the
name. Unlocking the screen is asked of the officer already signed in: that path tells them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.clock import now_vn
from counter_app.domain.enums import Role
from counter_app.domain.errors import CounterError, FieldError, NotAllowed, NotFound, Said, ValidationFailed, message
from counter_app.domain.lifecycle import Action
from counter_app.domain.text import collapse_spaces, nfc
from counter_app.store import settings
from counter_app.store.audit import Action as A
from counter_app.store.audit import audit
from counter_app.store.db import Store
from counter_app.store.models import Officer

LOCKOUT_ATTEMPTS = "auth.lockout_attempts"
LOCKOUT_MINUTES = "auth.lockout_minutes"
MIN_PASSWORD_LENGTH = "auth.min_password_length"
IDLE_LOCK_MINUTES = "auth.idle_lock_minutes"
DEFAULTS = {LOCKOUT_ATTEMPTS: 5, LOCKOUT_MINUTES: 15, MIN_PASSWORD_LENGTH: 8, IDLE_LOCK_MINUTES: 10}

ROLE_RANK = {Role.OFFICER: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}

#: Dossier actions that need a supervisor (reissuing a slip with changes and editing after
#: receipt are checked by their own services with ``require_role``).
SUPERVISOR_ACTIONS = frozenset({Action.REFUSE, Action.WITHDRAW})
#: What each supervisor action is called in a refusal ("<label>: cần quyền giám sát…").
ACTION_LABELS = {Action.REFUSE: message("label.refuse_dossier"), Action.WITHDRAW: message("label.withdraw_dossier")}

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")
# Argon2id (the library's default type) with RFC 9106's low-memory profile: 64 MiB, t=3, p=4.
_HASHER = PasswordHasher()
_DUMMY_HASH: str | None = None  # made on first use, with the same parameters as real hashes

#: The one answer to a failed sign-in, whatever failed (the policy is the same for everyone):
#: its code, with the lockout policy as parameters {limit, minutes}.
LOGIN_FAILED = "auth.login_failed"


def hash_password(password: str) -> str:
    """An Argon2id hash of *password* (salted; encodes its own parameters)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when *password* matches *password_hash*; False for no hash or a damaged one."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """A hash of a random password: verifying against it costs what a real check costs."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        import secrets

        _DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(24))
    return _DUMMY_HASH


def _setting_int(session: Session, key: str) -> int:
    return int(settings.get_setting(session, key, DEFAULTS[key]))


def role_of(officer: Any) -> Role:
    """The role of an Officer row, a SignedIn, or a role value."""
    return Role(getattr(officer, "role", officer))


def has_role(officer: Any, role: Role) -> bool:
    """True when *officer*'s role is *role* or ranks above it."""
    return ROLE_RANK[role_of(officer)] >= ROLE_RANK[Role(role)]


def require_role(officer: Any, role: Role, action_label: Said) -> None:
    """Raise NotAllowed (naming the action and the role) unless *officer* may act."""
    if officer is None:
        raise NotAllowed("auth.login_required", action=action_label, role=Role(role))
    if not has_role(officer, role):
        name = getattr(officer, "username", None) or getattr(officer, "full_name", "")
        raise NotAllowed("auth.role_required", action=action_label, role=Role(role), name=name,
                         has=role_of(officer))


def required_role(action: Action) -> Role:
    """The least role that may take a dossier action."""
    return Role.SUPERVISOR if Action(action) in SUPERVISOR_ACTIONS else Role.OFFICER


def check_action(officer: Any, action: Action) -> None:
    """Raise NotAllowed when *officer* may not take the dossier *action* (refuse, withdraw…)."""
    role = required_role(action)
    if role is not Role.OFFICER:
        require_role(officer, role, ACTION_LABELS.get(Action(action), str(action)))


def authorize_action(session: Session, officer: Any, action: Action, target: str, *,
                     detail: dict[str, Any] | None = None, at: datetime | None = None) -> None:
    """Check *officer* may take the dossier *action*; supervisor actions are also audited."""
    check_action(officer, action)
    if Action(action) in SUPERVISOR_ACTIONS:
        name = A.DOSSIER_REFUSED if Action(action) is Action.REFUSE else A.DOSSIER_WITHDRAWN
        audit(session, officer, name, target, detail, at=at)


# --- login ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignedIn:
    """The officer who signed in."""

    officer_id: str
    username: str
    full_name: str
    role: Role


class LoginFailed(CounterError):
    """Wrong name or password, a disabled account, or a locked one (``locked_until`` set)."""

    def __init__(self, said: Said, locked_until: datetime | None = None):
        super().__init__(said)
        self.locked_until = locked_until


def _find(session: Session, username: str) -> Officer | None:
    return session.scalar(select(Officer).where(Officer.username == username.strip().lower()))


def _check_password(session: Session, officer: Officer, password: str, now: datetime, *,
                    proven: bool) -> LoginFailed | None:
    """The failure (audited, counted towards the lockout) when *officer* may not sign in
    with *password* now; None when they may (the failure count is then cleared).

    The password is always verified once (against a dummy hash when the account has none),
    locked or not, so that every answer costs the same. Unless the name is *proven* (the
    officer is already signed in: unlocking the screen), every failure says the same thing.
    """
    matches = verify_password(officer.password_hash or _dummy_hash(), password or "") and bool(officer.password_hash)
    if officer.locked_until is not None and now < officer.locked_until:
        audit(session, officer, A.LOGIN_FAILED, officer.username, {"reason": "locked"}, at=now)
        if not proven:
            return _generic_failure(session)
        return LoginFailed(message("auth.locked", until=officer.locked_until), officer.locked_until)
    if not matches:
        failure = _count_failure(session, officer, now)
        return failure if proven else _generic_failure(session)
    if not officer.active:  # the password is right: the name is proven, the reason may be told
        audit(session, officer, A.LOGIN_FAILED, officer.username, {"reason": "disabled"}, at=now)
        return LoginFailed(message("auth.disabled"))
    officer.failed_logins, officer.locked_until = 0, None
    if _HASHER.check_needs_rehash(officer.password_hash):
        officer.password_hash = hash_password(password)
    return None


def _generic_failure(session: Session) -> LoginFailed:
    """The answer to any failed sign-in by someone who has not proven the name."""
    return LoginFailed(message(LOGIN_FAILED, limit=_setting_int(session, LOCKOUT_ATTEMPTS),
                               minutes=_setting_int(session, LOCKOUT_MINUTES)))


def _signed_in(officer: Officer) -> SignedIn:
    return SignedIn(officer.id, officer.username, officer.full_name, Role(officer.role))


def login(store: Store, username: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """Check the password; count failures, lock after too many; audit every attempt."""
    now = now or now_vn()
    with store.write() as session:
        officer = _find(session, username or "")
        if officer is None:
            verify_password(_dummy_hash(), password or "")  # the same work as for a real name
            audit(session, None, A.LOGIN_FAILED, (username or "")[:100], {"reason": "unknown_user"}, at=now)
            failure: LoginFailed | None = _generic_failure(session)
        else:
            failure = _check_password(session, officer, password, now, proven=False)
            if failure is None:
                audit(session, officer, A.LOGIN, officer.username, at=now)
                return _signed_in(officer)
    raise failure  # after the block, so the failure's audit entry and count are committed


def _count_failure(session: Session, officer: Officer, now: datetime) -> LoginFailed:
    if officer.password_hash is None:
        audit(session, officer, A.LOGIN_FAILED, officer.username, {"reason": "no_password"}, at=now)
        return LoginFailed(message("auth.no_password"))
    limit = _setting_int(session, LOCKOUT_ATTEMPTS)
    officer.failed_logins = (officer.failed_logins or 0) + 1
    audit(session, officer, A.LOGIN_FAILED, officer.username,
          {"reason": "wrong_password", "failures": officer.failed_logins}, at=now)
    if officer.failed_logins >= limit:
        minutes = _setting_int(session, LOCKOUT_MINUTES)
        officer.locked_until = now + timedelta(minutes=minutes)
        officer.failed_logins = 0
        audit(session, officer, A.LOCKOUT, officer.username,
              {"attempts": limit, "until": officer.locked_until}, at=now)
        return LoginFailed(message("auth.locked_now", limit=limit, minutes=minutes,
                                   hour=f"{officer.locked_until:%H}", minute=f"{officer.locked_until:%M}"),
                           officer.locked_until)
    left = limit - officer.failed_logins
    return LoginFailed(message("auth.wrong_password", left=left))


def verify_officer_password(store: Store, officer_id: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """Unlock the screen: the signed-in officer types the password again (same lockout rules);
    audited as an unlock, in one write transaction."""
    now = now or now_vn()
    with store.write() as session:
        officer = session.get(Officer, officer_id)
        if officer is None:
            raise NotFound("auth.signed_in_officer_missing")
        failure = _check_password(session, officer, password, now, proven=True)
        if failure is None:
            audit(session, officer, A.UNLOCK_SCREEN, officer.username, at=now)
            return _signed_in(officer)
    raise failure  # after the block, so the failure's audit entry and count are committed


# --- account management (administrators) -----------------------------------------------------

@dataclass(frozen=True)
class OfficerView:
    """An account as listed to an administrator."""

    id: str
    username: str
    full_name: str
    role: Role
    active: bool
    has_password: bool
    locked_until: datetime | None


def _view(o: Officer) -> OfficerView:
    return OfficerView(o.id, o.username, o.full_name, Role(o.role), bool(o.active),
                       o.password_hash is not None, o.locked_until)


def list_officers(session: Session) -> list[OfficerView]:
    """Every account, by username."""
    return [_view(o) for o in session.scalars(select(Officer).order_by(Officer.username))]


def check_password_strength(session: Session | None, password: str, field: str = "password") -> None:
    """ValidationFailed unless *password* is long enough and not only spaces."""
    minimum = _setting_int(session, MIN_PASSWORD_LENGTH) if session is not None else DEFAULTS[MIN_PASSWORD_LENGTH]
    if len(password or "") < minimum or not (password or "").strip():
        raise ValidationFailed([FieldError(field, message("auth.password_too_short", minimum=minimum))])


def clean_username(username: str) -> str:
    """A login name: 3–50 lower-case letters, digits, '.', '_' or '-' (ASCII)."""
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise ValidationFailed([FieldError(
            "username", message("auth.username_form"))])
    return name


def bootstrap_open(session: Session) -> bool:
    """True while no active administrator has a password (a new profile, the demo before it
    sets passwords): then the first administrator may be created without signing in."""
    return not session.scalar(select(func.count()).select_from(Officer).where(
        Officer.role == str(Role.ADMIN), Officer.active.is_(True), Officer.password_hash.is_not(None)))


def _admin(session: Session, actor: Any, label: Said, *, bootstrap: bool = False) -> Officer | None:
    if actor is None and bootstrap and bootstrap_open(session):
        return None
    ref = getattr(actor, "officer_id", None) or getattr(actor, "id", None) or actor
    row = settings.find_officer(session, ref) if ref is not None else None
    require_role(row, Role.ADMIN, label)
    return row


def _target(session: Session, username: str) -> Officer:
    found = _find(session, username)
    if found is None:
        raise NotFound("auth.account_not_found", username=username)
    return found


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Officer).where(
        Officer.role == str(Role.ADMIN), Officer.active.is_(True))) or 0


def create_officer(store: Store, actor: Any, username: str, full_name: str, role: Role, password: str,
                   *, now: datetime | None = None) -> OfficerView:
    """Create an account (administrators only); audited."""
    with store.write() as session:
        admin = _admin(session, actor, message("label.create_account"), bootstrap=True)
        if admin is None and Role(role) is not Role.ADMIN:
            raise NotAllowed("auth.first_must_be_admin")
        name = clean_username(username)
        full = collapse_spaces(nfc(full_name or "") or "")
        if not full:
            raise ValidationFailed([FieldError("full_name", message("auth.full_name_empty"))])
        check_password_strength(session, password)
        if _find(session, name) is not None:
            raise ValidationFailed([FieldError("username", message("auth.username_taken", name=name))])
        officer = Officer(agency_id=settings.load_context(session).agency_id, username=name, full_name=full,
                          role=str(Role(role)), password_hash=hash_password(password), active=True, failed_logins=0)
        session.add(officer)
        session.flush()
        audit(session, admin, A.OFFICER_CREATED, name, {"full_name": full, "role": str(Role(role))}, at=now)
        return _view(officer)


def set_active(store: Store, actor: Any, username: str, active: bool, *, now: datetime | None = None) -> OfficerView:
    """Disable or re-enable an account (administrators only; never the last administrator)."""
    with store.write() as session:
        admin = _admin(session, actor, message("label.disable_account" if not active else "label.enable_account"))
        officer = _target(session, username)
        if not active and officer.id == admin.id:
            raise NotAllowed("auth.cannot_disable_self")
        if not active and officer.role == str(Role.ADMIN) and officer.active and _active_admins(session) <= 1:
            raise NotAllowed("auth.cannot_disable_last_admin")
        officer.active = bool(active)
        audit(session, admin, A.OFFICER_ENABLED if active else A.OFFICER_DISABLED, officer.username, at=now)
        return _view(officer)


def reset_password(store: Store, actor: Any, username: str, new_password: str,
                   *, now: datetime | None = None) -> OfficerView:
    """Set a new password and clear the lockout (administrators only)."""
    with store.write() as session:
        admin = _admin(session, actor, message("label.reset_password"), bootstrap=True)
        officer = _target(session, username)
        if admin is None and officer.role != str(Role.ADMIN):
            raise NotAllowed("auth.login_required", action=message("label.reset_password"), role=Role.ADMIN)
        check_password_strength(session, new_password)
        officer.password_hash = hash_password(new_password)
        officer.failed_logins, officer.locked_until = 0, None
        audit(session, admin, A.PASSWORD_RESET, officer.username, at=now)
        return _view(officer)


def change_role(store: Store, actor: Any, username: str, role: Role, *, now: datetime | None = None) -> OfficerView:
    """Change an account's role (administrators only; never demote the last administrator)."""
    role = Role(role)
    with store.write() as session:
        admin = _admin(session, actor, message("label.change_role"))
        officer = _target(session, username)
        old = Role(officer.role)
        if old is Role.ADMIN and role is not Role.ADMIN and officer.active and _active_admins(session) <= 1:
            raise NotAllowed("auth.cannot_demote_last_admin")
        officer.role = str(role)
        audit(session, admin, A.ROLE_CHANGED, officer.username, {"from": str(old), "to": str(role)}, at=now)
        return _view(officer)


def change_own_password(store: Store, officer_id: str, old_password: str, new_password: str,
                        *, now: datetime | None = None) -> None:
    """An officer changes their own password, typing the old one."""
    with store.write() as session:
        officer = session.get(Officer, officer_id)
        if officer is None or not verify_password(officer.password_hash, old_password):
            raise ValidationFailed([FieldError("old_password", message("auth.wrong_current_password"))])
        check_password_strength(session, new_password, "new_password")
        officer.password_hash = hash_password(new_password)
        audit(session, officer, A.PASSWORD_CHANGED, officer.username, at=now)


def officers(store: Store) -> list[OfficerView]:
    """Every account, by username (a read of its own)."""
    with store.read() as session:
        return list_officers(session)
