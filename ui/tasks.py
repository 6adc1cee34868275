"""Background jobs for the window: one writer thread for the database, a pool for the rest.

Views never hold a session: they submit a function, it runs on a worker and opens its own
session, and its result (or error) comes back on the GUI thread through a signal. A job that
fails with no error slot is an uncaught error (``sys.excepthook``: logged, the officer told).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a job's outcome back to the GUI thread (queued connection)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, *, handled: bool):
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.handled = handled
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - the error goes back to the caller's slot
            exc.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            if self.handled:  # the caller's slot tells the person; the log keeps the traceback
                log.warning("A background job failed (%s: %s)\n%s", type(exc).__name__, exc, exc.traceback_text)
            else:  # nobody waits for this error: it is uncaught (logged, and the officer told: ui.logs)
                sys.excepthook(type(exc), exc, exc.__traceback__)
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread. Signals: ``busy_changed(int)`` (jobs in flight)."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # SQLite writes are serialised anyway
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def _submit(self, pool: QThreadPool, fn, on_done, on_error) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish(_=None, relay=relay):
            self._relays.discard(relay)
            self.busy_changed.emit(len(self._relays))

        if on_done:
            relay.succeeded.connect(on_done)
        if on_error:
            relay.failed.connect(on_error)
        relay.succeeded.connect(finish)
        relay.failed.connect(finish)
        self.busy_changed.emit(len(self._relays))
        pool.start(_Job(fn, relay, handled=on_error is not None))

    def write(self, fn: Callable[[], Any], on_done=None, on_error=None) -> None:
        """Run a database write on the single writer thread."""
        self._submit(self._writer, fn, on_done, on_error)

    def run(self, fn: Callable[[], Any], on_done=None, on_error=None) -> None:
        """Run reading, rendering or network work on the shared pool."""
        self._submit(self._pool, fn, on_done, on_error)

    def pending(self) -> int:
        """Jobs submitted and not finished yet."""
        return len(self._relays)

    def wait_all(self, msecs: int = 30_000) -> bool:
        """Block until every job finished (used at shutdown and in tests)."""
        ok = self._writer.waitForDone(msecs) and self._pool.waitForDone(msecs)
        return ok
