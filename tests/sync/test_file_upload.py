"""Scanned documents reach the real server exactly once and byte-identical, resuming where a
broken upload stopped: a lossy link, a lost reply, the server killed mid-file, the client
stopping mid-file."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from counter_app.store.document_files import DocumentFiles
from counter_app.store.models import Dossier, DossierAttachment
from counter_app.services.digitising import attach_files
from sync.config import load_config
from sync.transport import TransientError
from sync.uploads import pending_files, upload_files
from tests.core.pages import save, text_page
from tests.sync.conftest import fast_transport

CHUNK = 64 * 1024


def _scanned(ws, tmp_path, pages: int = 3) -> str:
    """One dossier received and synced, then a document of *pages* grainy pages scanned."""
    ws.receive_many(1)
    with ws.store.read() as s:
        code = s.scalar(select(Dossier.code))
    files = [save(text_page([f"Trang {i}: Nguyễn Văn An"] * 30, noise=24, seed=i), tmp_path / f"{i}.tif", "TIFF")
             for i in range(pages)]
    return attach_files(ws.store, ws.profile_dir, code, 1, files, now=datetime(2026, 3, 10, 9, 0)).sha256


def _server_copy(server, sha: str) -> bytes:
    return (server.files_dir / sha[:2] / sha[2:]).read_bytes()


def _uploaded(ws) -> list:
    with ws.store.read() as s:
        return list(s.scalars(select(DossierAttachment.uploaded_at)))


def test_a_round_sends_the_events_then_the_file_once(server, server_store, make_workstation, tmp_path):
    ws = make_workstation(1)
    sha = _scanned(ws, tmp_path)
    ws.enroll(server.url, server_store)
    first = ws.engine().run_once()
    assert (first.acknowledged, first.files_uploaded, first.files_pending) == (2, 1, 0)
    assert _server_copy(server, sha) == DocumentFiles(ws.profile_dir).read(sha)
    assert all(_uploaded(ws))
    again = ws.engine().run_once()
    assert (again.pushed, again.files_uploaded) == (0, 0)


def test_a_lossy_link_and_lost_replies_cost_a_chunk_each_never_a_second_copy(server, server_store, proxy,
                                                                            make_workstation, tmp_path):
    ws = make_workstation(1)
    sha = _scanned(ws, tmp_path)
    ws.enroll(proxy.url, server_store)
    ws.engine().run_once()  # events first; the file too (no fault yet) would end the test: start over
    total = len(DocumentFiles(ws.profile_dir).read(sha))
    assert total > 3 * CHUNK
    with ws.store.write() as s:
        for row in s.scalars(select(DossierAttachment)):
            row.uploaded_at = None
    (server.files_dir / sha[:2] / sha[2:]).unlink()  # the province lost it: send it again, by chunks
    transport = fast_transport(load_config(ws.store))
    proxy.inject("/v1/files", "drop_reply")  # the state is asked first: its answer is lost
    with pytest.raises(TransientError):
        upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK)
    proxy.inject("/v1/files", "pass")
    proxy.inject("/v1/files", "pass")
    proxy.inject("/v1/files", "drop_reply")  # the 2nd chunk reaches the server, its reply does not
    with pytest.raises(TransientError):
        upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK)
    held = (server.files_dir / "partial" / sha).stat().st_size
    assert held == 2 * CHUNK  # the chunk whose reply was lost is kept, not asked again
    proxy.inject("/v1/files", "pass")
    proxy.inject("/v1/files", "reset")       # the link breaks before the next chunk arrives
    with pytest.raises(TransientError):
        upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK)
    done = upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK)
    assert (done.uploaded, done.pending, done.bytes_sent) == (1, 0, total - held)
    assert _server_copy(server, sha) == DocumentFiles(ws.profile_dir).read(sha)
    assert not (server.files_dir / "partial" / sha).exists()


def test_the_server_killed_mid_file_and_the_client_stopping_mid_file_both_resume(server, server_store,
                                                                                 make_workstation, tmp_path):
    ws = make_workstation(1)
    sha = _scanned(ws, tmp_path)
    ws.enroll(server.url, server_store)
    data = DocumentFiles(ws.profile_dir).read(sha)
    transport = fast_transport(load_config(ws.store))

    class Stopped(Exception):
        pass

    def stop_after_two(_sha, offset, _total):
        if offset >= 2 * CHUNK:
            raise Stopped  # the counter's process ends here (power cut, closed window)

    with pytest.raises(Stopped):
        upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK,
                     on_progress=stop_after_two)
    assert pending_files(ws.store) == [sha]

    def kill_after_three(_sha, offset, _total):
        if offset >= 3 * CHUNK:
            server.kill()  # SIGKILL: the province's process dies between two chunks

    with pytest.raises(TransientError):
        upload_files(ws.store, transport, DocumentFiles(ws.profile_dir), chunk_bytes=CHUNK,
                     on_progress=kill_after_three)
    assert (server.files_dir / "partial" / sha).stat().st_size == 3 * CHUNK
    server.start()
    done = upload_files(ws.store, fast_transport(load_config(ws.store)), DocumentFiles(ws.profile_dir),
                        chunk_bytes=CHUNK)
    assert (done.uploaded, done.bytes_sent) == (1, len(data) - 3 * CHUNK)
    assert _server_copy(server, sha) == data
