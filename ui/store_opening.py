"""The profile's store opened on a thread of its own, so the first window paints before SQLAlchemy loads.

:class:`LazyStore` stands for the :class:`counter_app.store.db.Store` from the moment the context is
made: :meth:`LazyStore.start` opens it (imports, migration check, engines) on a thread, and every
attribute (``read``, ``write``, ``path``…) is the real store's, waited for if it is not open
yet. Nothing on the GUI thread should wait: views reach the store only from task-runner jobs,
and :class:`StoreGatedTaskRunner` holds those jobs until the store is open, then starts them in
the order they were submitted. :meth:`LazyStore.when_ready` runs GUI work once it is open and
the modules that work needs are imported (on the same thread).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ui.tasks import TaskRunner


def open_profile_store(profile_dir: Path):
    """The profile's store, opened (and migrated) on the calling thread."""
    from counter_app.store.db import open_store

    return open_store(profile_dir)



class _Announcer(QObject):
    """Carries a stage of the opening from its thread to the GUI thread (queued: it lives there)."""

    reached = Signal(str)

    def __init__(self, callback: Callable[[str], None]):
        super().__init__()
        self.callback = callback
        self.reached.connect(self._relay)

    @Slot(str)
    def _relay(self, stage: str) -> None:
        self.callback(stage)


class LazyStore:
    """A profile's store that is opened on a thread when :meth:`start` is called (or when first used).

    Two stages are announced on the GUI thread: "open" (the store can be used: the task runner
    starts its held jobs, :meth:`when_open`) and "ready" (also the modules given to
    :meth:`start` are imported: GUI work, :meth:`when_ready`). ``error`` holds why the store
    could not be opened (then every use raises it again).
    """

    def __init__(self, profile_dir: Path | str, *, opener: Callable[[Path], Any] = open_profile_store):
        self.profile_dir = Path(profile_dir)
        self._opener = opener
        self._store = None
        self.error: BaseException | None = None
        self._opened = threading.Event()
        self._imported = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._announced: set[str] = set()
        self._disposed = False
        self._waiting: dict[str, list[tuple[Callable[[], None], Callable | None]]] = {"open": [], "ready": []}
        self._announcer = _Announcer(self._announce)

    # --- opening ------------------------------------------------------------------------------
    def start(self, *, then_import: tuple[str, ...] = ()) -> None:
        """Begin opening the store on a thread of its own (once; later calls do nothing); the
        modules *then_import* are imported there next, before "ready", so that the GUI work
        waiting for it does not import them on the GUI thread."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._open, args=(then_import,), name="store-open", daemon=True)
            self._thread.start()

    def _open(self, then_import: tuple[str, ...]) -> None:
        try:
            self._store = self._opener(self.profile_dir)
        except BaseException as exc:  # noqa: BLE001 - every user of the store sees it
            self.error = exc
        self._opened.set()
        self._announcer.reached.emit("open")
        try:
            if self.error is None:
                for name in then_import:
                    importlib.import_module(name)
        finally:  # a module that fails here fails again, with its trace, where it is used
            self._imported.set()
            self._announcer.reached.emit("ready")

    @property
    def ready(self) -> bool:
        """True once the store is open and the modules given to :meth:`start` imported."""
        return self._imported.is_set() and self.error is None

    def wait(self, timeout: float | None = None):
        """The open store, starting and waiting for the opening if needed (raises its error)."""
        self.start()
        if not self._opened.wait(timeout):
            raise TimeoutError("the store did not open in time")
        if self.error is not None:
            raise self.error
        return self._store

    def dispose(self) -> None:
        """Close the store (once it is open and its modules imported, if it is opening: a thread
        left importing when the interpreter exits can crash it); GUI work still waiting for it is
        dropped: what is closed is not announced."""
        self._disposed = True
        self._waiting = {"open": [], "ready": []}
        if self._thread is not None:
            self._thread.join()
            if self._store is not None:
                self._store.dispose()

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.wait(), name)

    # --- telling the GUI ----------------------------------------------------------------------
    def when_open(self, fn: Callable[[], None], on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run *fn* on the GUI thread once the store can be used (at once if it was announced);
        *on_error(exc)* instead when it could not be opened."""
        self._when("open", fn, on_error)

    def when_ready(self, fn: Callable[[], None], on_error: Callable[[BaseException], None] | None = None) -> None:
        """Like :meth:`when_open`, once the modules given to :meth:`start` are imported too."""
        self._when("ready", fn, on_error)

    def _when(self, stage: str, fn, on_error) -> None:
        if self._disposed:
            return
        if stage not in self._announced:
            self._waiting[stage].append((fn, on_error))
        elif self.error is None:
            fn()
        elif on_error is not None:
            on_error(self.error)

    def _announce(self, stage: str) -> None:
        if stage in self._announced or self._disposed:
            return
        self._announced.add(stage)
        waiting, self._waiting[stage] = self._waiting[stage], []
        for fn, on_error in waiting:
            if self.error is None:
                fn()
            elif on_error is not None:
                on_error(self.error)


class StoreGatedTaskRunner(TaskRunner):
    """A :class:`TaskRunner` that holds every job until its :class:`LazyStore` is open.

    Held jobs count in :meth:`pending` and start in submission order once the store is open;
    if it cannot be opened, their ``on_error`` is called with the reason.
    """

    def __init__(self, store: LazyStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._held: list[tuple[Callable, Callable, Any, Any]] | None = []
        store.when_open(self._release, self._refuse)

    def write(self, fn: Callable[[], Any], on_done=None, on_error=None) -> None:
        if self._held is None:
            super().write(fn, on_done, on_error)
        else:
            self._hold(super().write, fn, on_done, on_error)

    def run(self, fn: Callable[[], Any], on_done=None, on_error=None) -> None:
        if self._held is None:
            super().run(fn, on_done, on_error)
        else:
            self._hold(super().run, fn, on_done, on_error)

    def _hold(self, submit, fn, on_done, on_error) -> None:
        self._held.append((submit, fn, on_done, on_error))
        self.busy_changed.emit(self.pending())

    def _release(self) -> None:
        held, self._held = self._held or [], None
        for submit, fn, on_done, on_error in held:
            submit(fn, on_done, on_error)

    def _refuse(self, exc: BaseException) -> None:
        held, self._held = self._held or [], None
        for _submit, _fn, _on_done, on_error in held:
            if on_error is not None:
                on_error(exc)
        self.busy_changed.emit(self.pending())

    def pending(self) -> int:
        return super().pending() + len(self._held or [])

    def wait_all(self, msecs: int = 30_000) -> bool:
        """Block until every job finished, held ones included (they wait for the store first)."""
        if self._held:
            try:
                self.store.wait(msecs / 1000)
            except TimeoutError:
                return False
            except BaseException as exc:  # noqa: BLE001 - the held jobs are told through on_error
                self._refuse(exc)
            else:
                self._release()
        return super().wait_all(msecs)
