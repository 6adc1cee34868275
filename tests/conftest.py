"""Shared fixtures: offscreen Qt, throwaway profiles set up as the demo agency."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime  # noqa: E402

import pytest  # noqa: E402

from counter_app.db import open_store  # noqa: E402
from counter_app.demo import DEMO_AGENCY, DEMO_OFFICERS  # noqa: E402
from counter_app.drafts import DossierDraft  # noqa: E402
from counter_app.services.setup import initialise_profile  # noqa: E402


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
