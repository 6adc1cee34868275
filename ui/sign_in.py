"""The first thing a person sees: the first-run wizard when the profile is new, then the sign-in.

Both are shown before the store is open: :func:`peek_start_state` reads what they need (the
language, whether the profile is set up, the agency's name) with a plain read-only query
(``counter_app.store.start_facts``), and :func:`start_session` opens the store on its thread once
the dialog has been painted, so the password check (a task-runner job, held until the store
is open) and the store's opening happen behind the dialog. This module imports neither
SQLAlchemy nor the services: they load on the store's opening thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from ui.context import AppContext
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES

if TYPE_CHECKING:
    from counter_app.services import auth

#: Imported on the store's opening thread before the pages' modules: what the password check
#: and the wizard's checks use.
SIGN_IN_IMPORTS = ("counter_app.services.auth", "counter_app.services.admin", "counter_app.services.setup")
#: Imported on the GUI thread (they make Qt types) once the store is ready, while the person
#: types: what opening the window after the sign-in imports (``ui.session.Session.open_window``).
WINDOW_IMPORTS = ("ui.session", "ui.startup", "ui.main_window", "ui.system_menu", "ui.printing.controller",
                  "ui.receive")


@dataclass(frozen=True)
class StartState:
    """What the start needs before any window: the interface language, whether the profile is
    set up (else the first-run wizard) and the agency's name for the login."""

    language: str
    ready: bool
    agency_name: str | None


def _language(value) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def peek_start_state(profile_dir: Path) -> StartState | None:
    """The :class:`StartState` read without opening the store (a new profile: the wizard in
    Vietnamese); None when it cannot be read that way (then :func:`read_start_state`)."""
    from counter_app.domain.paths import DB_FILENAME
    from counter_app.store.start_facts import read_start_facts

    facts = read_start_facts(Path(profile_dir) / DB_FILENAME, (LANGUAGE_KEY,))
    if facts is None:
        return None
    return StartState(_language(facts.settings.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)), facts.ready, facts.agency_name)


def read_start_state(store) -> StartState:
    """Read the :class:`StartState` in one read (waits for the store to open), and record it for
    the next start's :func:`peek_start_state`."""
    from counter_app.store.queries import recorded_start_facts

    facts = recorded_start_facts(store, (LANGUAGE_KEY,))
    values, ready, agency_name = facts.settings, facts.ready, facts.agency_name
    return StartState(_language(values.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)), ready, agency_name)


class StaleStart(Exception):
    """The start facts the dialog was made from are not the store's (a setting changed by the
    command line since they were recorded): start again with *state*, the store's."""

    def __init__(self, state: StartState):
        super().__init__("stale start facts")
        self.state = state


class _OpenBehind(QObject):
    """Opens a still-closed store once *dialog* has been painted (the store's modules load on
    its thread, after the dialog is on the screen), and closes the dialog when the store
    cannot be opened: :meth:`raise_error` then raises why (the caller checks the file)."""

    def __init__(self, ctx: AppContext, shown: StartState | None = None):
        super().__init__()
        self.ctx, self.error, self.dialog, self.first = ctx, None, None, None
        self.painted = False
        when_open = getattr(type(ctx.store), "when_open", None)
        if when_open is not None:
            when_open(ctx.store, lambda: None, self._failed)
            if shown is not None:  # made from recorded facts: check them against the store's
                ctx.tasks.run(lambda: read_start_state(ctx.store), lambda state: self._compare(shown, state),
                              lambda _exc: None)  # a store that cannot be read fails the sign-in itself

    def _compare(self, shown: StartState, state: StartState) -> None:
        if state != shown and self.error is None and self.dialog is not None and self.dialog is self.first:
            self._failed(StaleStart(state))  # only while the dialog made from them is open

    def watch(self, dialog) -> None:
        self.dialog = dialog
        self.first = self.first or dialog
        if self.error is not None:
            QTimer.singleShot(0, dialog.reject)
        elif not self.painted:
            dialog.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self._start)
        return False

    def _start(self) -> None:
        start = getattr(type(self.ctx.store), "start", None)
        if start is not None:
            from ui.app import AFTER_STORE_IMPORTS

            start(self.ctx.store, then_import=SIGN_IN_IMPORTS + AFTER_STORE_IMPORTS)
            self.ctx.when_store_ready(_import_window_modules)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        if self.dialog is not None:
            self.dialog.reject()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


def _import_window_modules() -> None:
    """The window's modules, imported behind the dialog (their core modules are loaded by then:
    what is left is Qt's and ours, a few tens of milliseconds)."""
    import importlib

    for name in WINDOW_IMPORTS:
        importlib.import_module(name)


def start_session(ctx: AppContext, state: StartState | None = None, *, peeked: bool = False) -> StartState | None:
    """The wizard when the profile is new, then the login; the state signed in under (after
    the wizard: the agency it set up), None when the person gave up. *state*: what
    :func:`peek_start_state` (*peeked*) or :func:`read_start_state` read (read now when None).
    A store that cannot be opened closes the dialog and raises its error; peeked facts that
    the store, once open, contradicts close it too and raise :class:`StaleStart`."""
    from ui.login import LoginDialog

    state = state or read_start_state(ctx.store)
    opening = _OpenBehind(ctx, state if peeked else None)
    if not state.ready:
        from ui.wizard import SetupWizard

        wizard = SetupWizard(ctx.store, ctx.tasks)
        opening.watch(wizard)
        accepted = wizard.exec() == SetupWizard.DialogCode.Accepted
        opening.raise_error()
        if not accepted:
            return None
        state = read_start_state(ctx.store)  # the agency the wizard has just set up
    dialog = LoginDialog(ctx.store, ctx.tasks, agency_name=state.agency_name)
    opening.watch(dialog)
    accepted = dialog.exec() == LoginDialog.DialogCode.Accepted
    opening.raise_error()
    if not accepted or dialog.result_officer is None:
        return None
    sign_in(ctx, dialog.result_officer)
    return state


def sign_in(ctx: AppContext, signed: auth.SignedIn) -> None:
    """Record the signed-in officer in the shared context."""
    ctx.officer_id, ctx.officer_name, ctx.officer_role = signed.officer_id, signed.full_name, str(signed.role)
