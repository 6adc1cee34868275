"""What the window's parts share, built once by the composition root and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from counter_app.db import Store
from ui.tasks import TaskRunner


@dataclass
class AppContext:
    """The profile, its store, the task runner and the officer signed in."""

    profile_dir: Path
    store: Store
    tasks: TaskRunner
    officer_id: str | None = None
    officer_name: str | None = None
    officer_role: str | None = None
