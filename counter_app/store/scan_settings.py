"""This workstation's scan settings, kept in the profile's settings (one profile per counter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from counter_app.capture import DEFAULT_DPI, MAX_DPI, MIN_DPI, ColorMode, ScanSettings
from counter_app.domain.errors import FieldError, ValidationFailed, message
from counter_app.store.settings import get_setting, set_setting

KEY = "capture.settings"          # {"device", "resolution", "mode", "duplex", "remove_blank", "feeder"}
BACKEND_KEY = "capture.backend"   # "sane" | "wia" | "folder"
FOLDER_KEY = "capture.folder"     # the folder a network scanner drops its files into


def load_scan_settings(session: Session) -> ScanSettings:
    """The stored settings (defaults: the first scanner, 200 dpi gray, one-sided, blank pages dropped)."""
    raw = get_setting(session, KEY) or {}
    try:
        return clean_scan_settings(raw)
    except ValidationFailed:
        return ScanSettings()


@dataclass(frozen=True)
class ScanSetup:
    """This workstation's scan settings and its capture back end (``"sane"``, ``"wia"``,
    ``"folder"``; None: the platform's own) with the folder a network scanner drops into."""

    settings: ScanSettings
    backend: str | None = None
    folder: str | None = None


def load_scan_setup(session: Session) -> ScanSetup:
    """The stored :class:`ScanSetup` (defaults for what was never set)."""
    return ScanSetup(load_scan_settings(session), get_setting(session, BACKEND_KEY), get_setting(session, FOLDER_KEY))


def clean_scan_settings(raw: dict[str, Any]) -> ScanSettings:
    """Settings from plain data; ValidationFailed naming each bad value."""
    errors = []
    resolution = raw.get("resolution", DEFAULT_DPI)
    if not isinstance(resolution, int) or isinstance(resolution, bool) or not MIN_DPI <= resolution <= MAX_DPI:
        errors.append(FieldError("resolution", message("capture.resolution", low=MIN_DPI, high=MAX_DPI)))
    try:
        mode = ColorMode(raw.get("mode", "gray"))
    except ValueError:
        errors.append(FieldError("mode", message("capture.color_mode")))
        mode = ColorMode.GRAY
    device = raw.get("device") or None
    if device is not None and (not isinstance(device, str) or len(device) > 300):
        errors.append(FieldError("device", message("capture.device_name")))
    if errors:
        raise ValidationFailed(errors)
    return ScanSettings(device=device, resolution=resolution, mode=mode, duplex=bool(raw.get("duplex", False)),
                        remove_blank=bool(raw.get("remove_blank", True)), feeder=bool(raw.get("feeder", True)))


def save_scan_settings(session: Session, scan: ScanSettings) -> None:
    """Store *scan* as this workstation's settings (in the caller's transaction)."""
    set_setting(session, KEY, {"device": scan.device, "resolution": scan.resolution, "mode": str(scan.mode),
                               "duplex": scan.duplex, "remove_blank": scan.remove_blank, "feeder": scan.feeder})
