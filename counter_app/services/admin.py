"""Administrator services: agency data, catalogue import, calendar overrides and settings.

Each is one transaction and writes an audit entry; agency data, the catalogue and the calendar
need an administrator. Workstation settings (printers, scanner, language) may be changed by
any signed-in officer; the backup and security settings need an administrator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain import code_rules
from counter_app.domain.catalogue import import_catalogue_file
from counter_app.domain.due_dates import OVERRIDE_KINDS, CalendarOverride, load_overrides
from counter_app.domain.enums import Role
from counter_app.domain.errors import FieldError, NotAllowed, Said, ValidationFailed, message
from counter_app.domain.text import collapse_spaces, nfc
from counter_app.services import auth
from counter_app.services.setup import (
    AgencyInfo,
    OfficerInfo,
    clean_unit_and_level,
    initialise_profile,
    validate_agency,
)
from counter_app.store import backup, backup_place, catalogue_tables, form_numbers, settings
from counter_app.store.audit import Action as A
from counter_app.store.audit import audit
from counter_app.store.db import Store
from counter_app.store.models import Agency, CalendarOverrideRow, Officer, Procedure

#: The provincial server's address (sync.config.SERVER_URL), kept by the first-run wizard.
SERVER_URL_KEY = "sync.server_url"

#: Settings only an administrator may change.
ADMIN_SETTING_PREFIXES = ("backup.", "auth.", "sync.", "workstation.", "calendar.", "forms.", "codes.",
                          "scanner.mode", "scanner.serial.")  # how the scanner is connected


def _admin(session: Session, actor: Any, label: Said) -> Officer:
    ref = getattr(actor, "officer_id", None) or getattr(actor, "id", None) or actor
    officer = settings.find_officer(session, ref) if ref else None
    auth.require_role(officer, Role.ADMIN, label)
    return officer


# --- agency -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgencyData:
    """The agency's printed data (its QCVN 102 identifier is fixed: it is in every code)."""

    id: str
    name: str
    parent_name: str | None
    place_name: str
    lookup_url_template: str | None
    unit_name: str | None = None  # the one-stop unit printed in the 2025 header
    level: str = "commune"  # enums.AgencyLevel


def load_agency(session: Session) -> AgencyData:
    ctx = settings.load_context(session)
    return AgencyData(ctx.agency_id, ctx.agency_name, ctx.parent_name, ctx.place_name, ctx.lookup_url_template,
                      ctx.unit_name, ctx.level)


def load_agency_of(store: Store) -> AgencyData:
    """The agency's printed data, read in its own session."""
    with store.read() as session:
        return load_agency(session)


_KEEP: Any = object()


def update_agency(store: Store, actor: Any, *, name: str, place_name: str, parent_name: str | None = None,
                  lookup_url_template: str | None = None, unit_name: str | None = _KEEP, level: str = _KEEP,
                  now: datetime | None = None) -> AgencyData:
    """Change the agency's name, parent, place name (printed on slips), lookup address, the
    one-stop unit's name or the agency's level (left as they are when not given)."""
    with store.write() as session:
        admin = _admin(session, actor, message("label.edit_agency"))
        errors = []
        clean_name = collapse_spaces(nfc(name or "") or "")
        clean_place = collapse_spaces(nfc(place_name or "") or "")
        if not clean_name:
            errors.append(FieldError("agency_name", message("setup.agency_name_empty")))
        if not clean_place:
            errors.append(FieldError("place_name", message("setup.place_name_empty")))
        agency = session.get(Agency, settings.load_context(session).agency_id)
        unit, clean_level, unit_errors = clean_unit_and_level(
            agency.unit_name if unit_name is _KEEP else unit_name, agency.level if level is _KEEP else level)
        errors.extend(unit_errors)
        if errors:
            raise ValidationFailed(errors)
        keys = ("name", "parent_name", "place_name", "lookup_url_template", "unit_name", "level")
        before = {k: getattr(agency, k) for k in keys}
        agency.name, agency.place_name = clean_name, clean_place
        agency.parent_name = collapse_spaces(nfc(parent_name or "") or "") or None
        agency.lookup_url_template = (lookup_url_template or "").strip() or None
        agency.unit_name, agency.level = unit, clean_level
        after = {k: getattr(agency, k) for k in keys}
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if changes:
            audit(session, admin, A.AGENCY_UPDATED, agency.id, changes, at=now)
        return load_agency(session)


# --- catalogue ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueImport:
    """What an import did."""

    file: str
    count: int
    added: tuple[str, ...]
    replaced: tuple[str, ...]


def import_catalogue(store: Store, actor: Any, path: Path | str, *, now: datetime | None = None) -> CatalogueImport:
    """Read a catalogue file and store every procedure in one transaction.

    CatalogueImportError (listing every bad row) leaves the catalogue untouched.
    """
    with store.read() as session:
        _admin(session, actor, message("label.import_catalogue"))
    specs = import_catalogue_file(path)
    with store.write() as session:
        admin = _admin(session, actor, message("label.import_catalogue"))
        existing = set(session.scalars(select(Procedure.code)))
        count = catalogue_tables.upsert_specs(session, specs)
        codes = [s.code for s in specs]
        added = tuple(c for c in codes if c not in existing)
        replaced = tuple(c for c in codes if c in existing)
        audit(session, admin, A.CATALOGUE_IMPORTED, Path(path).name,
              {"count": count, "added": list(added), "replaced": list(replaced)}, at=now)
    return CatalogueImport(Path(path).name, count, added, replaced)


# --- calendar overrides -------------------------------------------------------------------

def list_overrides(session: Session) -> list[CalendarOverride]:
    """The province's calendar overrides, by day."""
    rows = session.scalars(select(CalendarOverrideRow).order_by(CalendarOverrideRow.day))
    return [CalendarOverride(r.day, r.kind, r.note, r.basis or "") for r in rows]


def unconfirmed_overrides(session: Session) -> list[CalendarOverride]:
    """The calendar entries applied without a legal act cited (shown to the administrator)."""
    return [o for o in list_overrides(session) if not o.confirmed]


def _check_overrides(overrides: Iterable[CalendarOverride]) -> list[CalendarOverride]:
    out, seen, errors = [], set(), []
    for i, o in enumerate(overrides, start=1):
        if o.kind not in OVERRIDE_KINDS:
            errors.append(FieldError("kind", message("calendar.bad_kind", line=i, kind=o.kind)))
        if o.day in seen:
            errors.append(FieldError("day", message("calendar.duplicate_day", line=i, day=o.day)))
        seen.add(o.day)
        out.append(CalendarOverride(o.day, o.kind, collapse_spaces(nfc(o.note or "") or ""),
                                    collapse_spaces(nfc(o.basis or "") or "")))
    if errors:
        raise ValidationFailed(errors)
    return sorted(out, key=lambda o: o.day)


def save_overrides(store: Store, actor: Any, overrides: Iterable[CalendarOverride], *,
                   now: datetime | None = None) -> list[CalendarOverride]:
    """Replace the calendar overrides with *overrides*; the audit entry lists what changed."""
    wanted = _check_overrides(overrides)
    with store.write() as session:
        admin = _admin(session, actor, message("label.edit_calendar"))
        before = {o.day: o for o in list_overrides(session)}
        after = {o.day: o for o in wanted}
        detail = {
            "added": [f"{d.isoformat()} {after[d].kind}" for d in sorted(after.keys() - before.keys())],
            "removed": [f"{d.isoformat()} {before[d].kind}" for d in sorted(before.keys() - after.keys())],
            "changed": [f"{d.isoformat()} {before[d].kind}→{after[d].kind}"
                        for d in sorted(after.keys() & before.keys()) if before[d] != after[d]],
        }
        catalogue_tables.replace_overrides(session, wanted)
        if any(detail.values()):
            audit(session, admin, A.CALENDAR_CHANGED, "calendar_override", detail, at=now)
    return wanted


def import_overrides_file(store: Store, actor: Any, path: Path | str, *, now: datetime | None = None
                          ) -> list[CalendarOverride]:
    """Replace the overrides with those of a province's JSON file (ValueError names a bad entry)."""
    try:
        overrides = load_overrides(path)
    except ValueError as exc:
        raise ValidationFailed([FieldError("file", getattr(exc, "message", None) or str(exc))]) from None
    return save_overrides(store, actor, overrides, now=now)


# --- settings -----------------------------------------------------------------------------

def change_settings(store: Store, actor: Any, values: Mapping[str, Any], *, profile_dir: Path | None = None,
                    now: datetime | None = None) -> dict[str, list[Any]]:
    """Store settings values; returns (and audits) ``{key: [old, new]}`` for those that changed."""
    with store.write() as session:
        ref = getattr(actor, "officer_id", None) or getattr(actor, "id", None) or actor
        officer = settings.find_officer(session, ref) if ref else None
        if officer is None:
            raise NotAllowed("settings.login_required")
        changes: dict[str, list[Any]] = {}
        for key, value in values.items():
            old = settings.get_setting(session, key)
            if old == value:
                continue
            if key.startswith(ADMIN_SETTING_PREFIXES):
                auth.require_role(officer, Role.ADMIN, message("label.change_setting", key=key))
            if key.startswith(form_numbers.PATTERN_KEY.split("{")[0]) and value is not None:
                value = form_numbers.check_pattern(str(value), key)  # refused with its reason, nothing written
            if key in code_rules.settings_keys() and value is not None:
                try:  # the dossier-code rules: checked before anything is written
                    value = code_rules.check_setting(key, value)
                except code_rules.CodeRuleUnusable as exc:
                    raise ValidationFailed([FieldError(key, exc.message)]) from None
            if key == backup.BACKUP_DIR and profile_dir is not None:
                if value:  # exists, writable, outside the profile: refused with its reason, nothing written
                    value = str(backup_place.check_backup_folder(value, profile_dir))
                backup.set_backup_folder(session, profile_dir, value or None)
            else:
                settings.set_setting(session, key, value)
            changes[key] = [old, value]
        if changes:
            audit(session, officer, A.SETTINGS_CHANGED, None, changes, at=now)
        return changes


# --- first run ----------------------------------------------------------------------------

def create_profile(store: Store, agency: AgencyInfo, workstation_no: int, *, admin_username: str,
                   admin_full_name: str, admin_password: str, now: datetime | None = None) -> str:
    """Set up a new profile with its first administrator; returns the administrator's id."""
    validate_agency(agency, workstation_no)
    username = auth.clean_username(admin_username)
    full = collapse_spaces(nfc(admin_full_name or "") or "")
    if not full:
        raise ValidationFailed([FieldError("full_name", message("auth.full_name_empty"))])
    auth.check_password_strength(None, admin_password)
    info = OfficerInfo(username, full, Role.ADMIN, auth.hash_password(admin_password))
    initialise_profile(store, agency, workstation_no, [info])
    with store.write() as session:
        officer = settings.find_officer(session, username)
        audit(session, officer, A.PROFILE_CREATED, agency.id.strip().upper(),
              {"workstation_no": workstation_no, "administrator": username}, at=now)
        return officer.id


def overrides(store: Store) -> list[CalendarOverride]:
    """The province's calendar overrides, by day (a read of its own)."""
    with store.read() as session:
        return list_overrides(session)


def remember_server_url(store: Store, url: str) -> None:
    """Keep the provincial server's address (``sync.server_url``) for a workstation not yet
    enrolled: it works offline until it is enrolled with that server."""
    with store.write() as session:
        settings.set_setting(session, SERVER_URL_KEY, url)


def is_set_up(store: Store) -> bool:
    """True once the profile has its agency and workstation number (a read of its own)."""
    with store.read() as session:
        return settings.profile_ready(session)


# --- the database key ---------------------------------------------------------------------

def export_recovery_key(store: Store, officer_id: str, path: Path | str) -> Path:
    """Write the database key to *path* (owner-only), a file an administrator keeps offline,
    and audit it under *officer_id* (the caller checks the role); returns the path."""
    from counter_app.store import crypt

    path = crypt.write_recovery_key(path, store.key)
    with store.write() as session:
        audit(session, officer_id, A.RECOVERY_KEY_EXPORTED, path.name, {})
    return path
