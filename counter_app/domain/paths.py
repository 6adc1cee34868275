"""Where things are: bundled resources (frozen or not) and the profile's files by name."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "counter-app"
APP_AUTHOR = "counter"
#: The profile's database file (``counter_app.store.db`` opens it; named here, where nothing heavy loads).
DB_FILENAME = "counter.sqlite3"


def resource_root() -> Path:
    """The `resources/` folder: inside the PyInstaller bundle when frozen, else the checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parents[2] / "resources"  # counter_app/domain/ -> checkout
    installed = Path(sys.prefix) / "share" / APP_NAME / "resources"  # `pip install .` (data-files)
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("fonts", "Tinos-Regular.ttf")``."""
    return resource_root().joinpath(*parts)


def log_file(profile_dir: Path) -> Path:
    """The profile's log file (``<profile>/logs/counter-app.log``)."""
    return Path(profile_dir) / "logs" / f"{APP_NAME}.log"
