"""Shared fixtures: offscreen Qt, throwaway profiles set up as the demo agency."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The database key and device tokens: never the tester's own key store. keyring's "fail"
# backend means "no key store", so the fallback file is used, one per test run (children
# started by tests inherit both).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
if "COUNTER_KEYRING_FILE" not in os.environ:
    import tempfile

    os.environ["COUNTER_KEYRING_FILE"] = os.path.join(tempfile.mkdtemp(prefix="counter-keys-"), "keys.json")

from datetime import datetime  # noqa: E402

import pytest  # noqa: E402

from counter_app.store.db import open_store  # noqa: E402
from counter_app.services.demo import DEMO_AGENCY, DEMO_OFFICERS  # noqa: E402
from counter_app.domain.drafts import DossierDraft  # noqa: E402
from counter_app.services.setup import initialise_profile  # noqa: E402


_task_runners: list = []  # weak references to every TaskRunner a test made


def pytest_configure(config):
    """Record every ui.tasks.TaskRunner made during a test, so that its background jobs end
    with that test (below) and never finish inside the next one, against a store already
    closed (a job of one test failing in another's event loop)."""
    import weakref

    try:
        from ui.tasks import TaskRunner
    except ImportError:  # no Qt in this environment: nothing to wait for
        return
    original = TaskRunner.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _task_runners.append(weakref.ref(self))

    TaskRunner.__init__ = recording_init


_TEMP_DIR = tempfile.gettempdir()
_TEMP_MODE = os.stat(_TEMP_DIR).st_mode


@pytest.fixture(autouse=True)
def _temp_dir_left_as_found():
    """No test (or the product under it) may change the mode of the system's temporary folder:
    a 0700 /tmp once broke every later PostgreSQL start. Put back, and the test that did it fails."""
    yield
    mode = os.stat(_TEMP_DIR).st_mode
    if mode != _TEMP_MODE:
        os.chmod(_TEMP_DIR, _TEMP_MODE & 0o7777)
        pytest.fail(f"the test changed {_TEMP_DIR}'s mode from {oct(_TEMP_MODE)} to {oct(mode)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Before the test's fixtures are torn down (stores disposed, folders removed): wait for
    the jobs of every live task runner, deliver their outcomes, and again while delivering
    them starts new jobs (a refresh answering a sync round), so none outlives the test."""
    for _ in range(10):
        runners = [r for r in (ref() for ref in _task_runners) if r is not None]
        _task_runners[:] = [ref for ref in _task_runners if ref() is not None]
        if not runners:
            break
        for runner in runners:
            try:
                runner.wait_all(30_000)
            except RuntimeError:  # the C++ object is already gone: so are its jobs
                continue
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            QCoreApplication.processEvents()
        if not any(_pending(r) for r in runners):
            break
    yield


def _pending(runner) -> bool:
    try:
        return runner.pending() > 0
    except RuntimeError:
        return False


@pytest.fixture
def profile_dir(tmp_path):
    """An empty profile folder."""
    path = tmp_path / "profile"
    path.mkdir()
    return path


@pytest.fixture
def store(profile_dir):
    """A migrated store set up as the demo agency, workstation 1, with the seed catalogue."""
    s = open_store(profile_dir)
    initialise_profile(s, DEMO_AGENCY, 1, DEMO_OFFICERS)
    yield s
    s.dispose()


@pytest.fixture
def make_draft():
    """Build a valid draft, overriding any field."""

    def make(**overrides) -> DossierDraft:
        fields = dict(
            procedure_code="1.001193",
            applicant_name="Nguyễn Văn An",
            id_number="001092012345",
            address="Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
            phone="0912345678",
            received_at=datetime(2026, 3, 10, 9, 0),
        )
        fields.update(overrides)
        return DossierDraft(**fields)

    return make
