"""What the window's parts share, built once by the composition root and passed down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the store module imports SQLAlchemy: not before the first paint
    from counter_app.store.db import Store


@dataclass
class AppContext:
    """The profile, its store, the task runner and the officer signed in.

    *store* is an open :class:`counter_app.store.db.Store`, or a :class:`ui.store_opening.LazyStore`
    still opening on a thread (its jobs are held by the task runner until it is open).
    """

    profile_dir: Path
    store: Store
    tasks: TaskRunner
    officer_id: str | None = None
    officer_name: str | None = None
    officer_role: str | None = None

    @property
    def store_ready(self) -> bool:
        """True when the store is open (always, for a store that was opened before)."""
        return getattr(self.store, "ready", True)

    def when_store_ready(self, fn: Callable[[], None]) -> None:
        """Run *fn* on the GUI thread once the store is open (at once when it is already)."""
        when_ready = getattr(type(self.store), "when_ready", None)
        if when_ready is None:
            fn()
        else:
            when_ready(self.store, fn)
