"""Settings and the officer a command acts as when none is named."""

from __future__ import annotations

import pytest

from counter_app.store import settings
from counter_app.domain.errors import NotFound
from counter_app.store.models import Officer


def test_no_officer_named_means_the_first_active_admin(store):
    # The fixture has admin, giamsat (supervisor), canbo1 and canbo2 (officers).
    with store.read() as session:
        assert settings.find_officer(session, None).username == "admin"


def test_without_an_active_admin_the_first_active_officer_by_username(store):
    with store.write() as session:
        session.query(Officer).filter(Officer.username == "admin").one().active = False
    with store.read() as session:
        assert settings.find_officer(session, None).username == "canbo1"


def test_an_officer_named_by_username_or_id(store):
    with store.read() as session:
        by_name = settings.find_officer(session, "giamsat")
        assert settings.find_officer(session, by_name.id).username == "giamsat"
        with pytest.raises(NotFound):
            settings.find_officer(session, "khongco")
