"""Setting up a profile: the agency, this workstation, officers, the catalogue and calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.catalogue import load_seed
from counter_app.domain.clock import now_vn
from counter_app.domain.due_dates import load_overrides
from counter_app.domain.enums import AgencyLevel, Role
from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.domain.paths import resource_path
from counter_app.domain.text import collapse_spaces, nfc
from counter_app.store import catalogue_tables, settings
from counter_app.store.db import Store
from counter_app.store.models import Agency, Officer, Workstation

# QCVN 102:2016: V1V2V3.Z1Z2.Y1Y2.MX1X2, unused levels written 000/00; short forms exist in
# real codes ("38.98.H29"), so accept 2 to 4 dot-separated groups ending in a letter group.
_AGENCY_ID = re.compile(r"^(?:\d{2,3}\.){1,3}[A-Z]\d{2}$")


@dataclass(frozen=True)
class AgencyInfo:
    """The receiving agency as typed in the first-run wizard or the demo."""

    id: str
    name: str
    place_name: str
    parent_name: str | None = None
    code_stride: int = 10
    lookup_url_template: str | None = None
    unit_name: str | None = None  # e.g. "Trung tâm Phục vụ hành chính công phường Hải Châu"
    level: str = AgencyLevel.COMMUNE


@dataclass(frozen=True)
class OfficerInfo:
    """An officer account to create."""

    username: str
    full_name: str
    role: Role = Role.OFFICER
    password_hash: str | None = None


def validate_agency(info: AgencyInfo, workstation_no: int) -> AgencyInfo:
    """Check the agency data and the workstation number; ValidationFailed names each bad field."""
    errors: list[FieldError] = []
    agency_id = (info.id or "").strip().upper()
    if not _AGENCY_ID.match(agency_id) or len(agency_id) > 13:
        errors.append(
            FieldError("agency_id", message("setup.agency_id_form"))
        )
    name = collapse_spaces(nfc(info.name or "") or "")
    if not name:
        errors.append(FieldError("agency_name", message("setup.agency_name_empty")))
    place = collapse_spaces(nfc(info.place_name or "") or "")
    if not place:
        errors.append(FieldError("place_name", message("setup.place_name_empty")))
    unit, level, unit_errors = clean_unit_and_level(info.unit_name, info.level)
    errors.extend(unit_errors)
    if not 1 <= info.code_stride <= 99:
        errors.append(FieldError("code_stride", message("setup.code_stride_range")))
    if not 1 <= workstation_no <= info.code_stride:
        errors.append(
            FieldError("workstation_no", message("setup.workstation_range", high=info.code_stride))
        )
    if errors:
        raise ValidationFailed(errors)
    parent = collapse_spaces(nfc(info.parent_name) or "") or None
    return AgencyInfo(agency_id, name, place, parent, info.code_stride, info.lookup_url_template, unit, level)


def clean_unit_and_level(unit_name: str | None, level: str | None) -> tuple[str | None, str, list[FieldError]]:
    """The unit's name (NFC, spaces collapsed, None when blank) and the level, with what is wrong."""
    errors: list[FieldError] = []
    unit = collapse_spaces(nfc(unit_name or "") or "") or None
    if unit is not None and len(unit) > 200:
        errors.append(FieldError("unit_name", message("setup.unit_name_too_long")))
    try:
        clean_level = AgencyLevel(str(level or AgencyLevel.COMMUNE).strip().lower())
    except ValueError:
        errors.append(FieldError("level", message("setup.level", level=level)))
        clean_level = AgencyLevel.COMMUNE
    return unit, str(clean_level), errors


def initialise_profile(
    store: Store,
    agency: AgencyInfo,
    workstation_no: int,
    officers: list[OfficerInfo],
    *,
    seed_catalogue: bool = True,
    set_up_at: datetime | None = None,
) -> None:
    """Write the agency, this workstation, officers, the seed catalogue and calendar overrides.

    *set_up_at* (default now) is when the agency started on this profile, kept once: no
    dossier may be dated before it (``settings.AGENCY_SET_UP_AT``)."""
    agency = validate_agency(agency, workstation_no)
    overrides = load_overrides(resource_path("calendar", "overrides.json"))
    specs = load_seed() if seed_catalogue else []
    with store.write() as session:
        row = session.get(Agency, agency.id) or Agency(id=agency.id)
        row.name, row.place_name, row.parent_name = agency.name, agency.place_name, agency.parent_name
        row.code_stride, row.lookup_url_template = agency.code_stride, agency.lookup_url_template
        row.unit_name, row.level = agency.unit_name, agency.level
        session.add(row)
        session.flush()
        if session.query(Workstation).filter_by(agency_id=agency.id, number=workstation_no).first() is None:
            session.add(Workstation(agency_id=agency.id, number=workstation_no, name=f"Quầy {workstation_no}"))
        settings.set_setting(session, settings.WORKSTATION_AGENCY, agency.id)
        settings.set_setting(session, settings.WORKSTATION_NUMBER, workstation_no)
        if settings.get_setting(session, settings.AGENCY_SET_UP_AT) is None:
            when = (set_up_at or now_vn()).replace(microsecond=0)  # Vietnam time, as every receipt
            settings.set_setting(session, settings.AGENCY_SET_UP_AT, when.isoformat())
        for info in officers:
            if session.query(Officer).filter_by(username=info.username).first() is None:
                session.add(
                    Officer(
                        agency_id=agency.id,
                        username=info.username,
                        full_name=nfc(info.full_name),
                        role=str(info.role),
                        password_hash=info.password_hash,
                    )
                )
        catalogue_tables.upsert_specs(session, specs)
        catalogue_tables.replace_overrides(session, overrides)
