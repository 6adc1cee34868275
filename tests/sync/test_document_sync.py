"""A document's scan syncs like any other change: its event reaches the real server, whose copy
of the dossier then links the file by its hash (the file itself does not travel yet)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from counter_app.store.models import Dossier
from counter_app.services.digitising import attach_files
from sync.server.schema import dossier as server_dossier
from tests.core.pages import save, text_page


def test_a_scan_reaches_the_province_as_a_link_in_the_dossier(server, server_store, make_workstation, tmp_path):
    ws = make_workstation(1)
    ws.receive_many(1)
    ws.enroll(server.url, server_store)
    engine = ws.engine()
    assert engine.run_once().acknowledged == 1
    with ws.store.read() as s:
        code = s.scalar(select(Dossier.code))
    page = save(text_page(["Tờ khai đăng ký khai sinh"]), tmp_path / "p.jpg", "JPEG")
    result = attach_files(ws.store, ws.profile_dir, code, 1, [page], now=datetime(2026, 3, 10, 9, 0))
    round_ = engine.run_once()
    assert (round_.pushed, round_.acknowledged, round_.rejected) == (1, 1, 0)
    with server_store.engine.connect() as conn:
        row = conn.execute(select(server_dossier.c.version, server_dossier.c.snapshot)
                           .where(server_dossier.c.code == code)).one()
    assert row.version == result.version == 2
    assert row.snapshot["scans"] == [{"document": 1, "sha256": result.sha256, "pages": 1, "bytes": result.size_bytes}]
