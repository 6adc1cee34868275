"""`attach` and `scan` as an officer runs them: a dossier received and its slip printed first,
its documents digitised afterwards (from files, from SANE's test scanner), the card telling
which documents are digitised; bad input is exit 2 with a Vietnamese message."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.core.pages import save, text_page

DRAFT = {
    "procedure_code": "1.001193",
    "applicant_name": "Đặng Văn Đức",
    "id_number": "001092012345",
    "address": "Số 1 Trần Phú, phường Hải Châu, Đà Nẵng",
}


def run(profile, *args, stdin: str | None = None, env: dict | None = None):
    full_env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "ui.cli.main", "--profile", str(profile), *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=300)


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """A profile with one dossier received now and its receipt printed, nothing scanned."""
    root = tmp_path_factory.mktemp("docs")
    profile = root / "p"
    assert run(profile, "demo", "--dossiers", "1").returncode == 0
    done = run(profile, "receive", stdin=json.dumps(DRAFT, ensure_ascii=False))
    assert done.returncode == 0, done.stderr
    code = json.loads(done.stdout)["code"]
    slip = run(profile, "receipt", code, "-o", str(root / "slip.pdf"))
    assert slip.returncode == 0, slip.stderr
    return profile, code, root


def _documents(profile, code):
    card = json.loads(run(profile, "lookup", code).stdout)
    return card["documents"]


def test_attach_files_then_the_card_says_which_documents_are_digitised(received):
    profile, code, root = received
    assert not any(d["scan_pages"] for d in _documents(profile, code))
    pages = [save(text_page([f"Tờ khai — trang {i}"]), root / f"t{i}.jpg", "JPEG") for i in (1, 2)]
    done = run(profile, "attach", code, "--document", "1", *map(str, pages))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["pages"] == 2 and out["document"] == 1
    stored = profile / "documents" / out["sha256"][:2] / f"{out['sha256'][2:]}.pdf.enc"
    assert out["path"] == str(stored) and b"%PDF" not in stored.read_bytes()  # encrypted at rest
    from counter_app.store.document_files import DocumentFiles

    assert hashlib.sha256(DocumentFiles(profile).read(out["sha256"])).hexdigest() == out["sha256"]
    assert "Đã lưu bản số hóa thành phần 1" in done.stderr
    docs = _documents(profile, code)
    assert docs[0]["scan_pages"] == 2 and not any(d["scan_pages"] for d in docs[1:])
    again = run(profile, "attach", code, "--document", "1", str(pages[0]))
    assert again.returncode == 1 and "--append" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.parametrize("args, words", [
    (["khong-phai-ma", "--document", "1", "x.jpg"], "không phải mã hồ sơ"),
    (["{code}", "--document", "9", "{page}"], "không có thành phần số 9"),
    (["{code}", "--document", "2", "{missing}"], "không dùng được làm trang hồ sơ"),
    (["{code}", "--document", "2", "{text}"], "không phải ảnh JPEG, PNG, TIFF hay tệp PDF"),
    (["{code}", "--document", "hai", "{page}"], "không phải số nguyên"),
])
def test_bad_attach_input_is_exit_2_with_a_message(received, args, words):
    profile, code, root = received
    page = save(text_page(["Trang"]), root / "ok.jpg", "JPEG")
    text = root / "note.txt"
    text.write_text("ghi chú", encoding="utf-8")
    filled = [a.format(code=code, page=page, missing=root / "khong-co.jpg", text=text) for a in args]
    done = run(profile, "attach", *filled)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("scanimage") is None, reason="sane-utils is not installed")
def test_scan_with_sanes_test_device(received, tmp_path):
    profile, code, _root = received
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    env = {"SANE_CONFIG_DIR": str(conf)}
    done = run(profile, "scan", code, "--document", "2", "--device", "test:0", "--flatbed", env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["pages"] == 1 and out["document"] == 2
    assert _documents(profile, code)[1]["scan_pages"] == 1
    feeder = run(profile, "scan", code, "--document", "2", "--device", "test:0", "--append", env=env)
    assert feeder.returncode == 0, feeder.stderr
    assert json.loads(feeder.stdout)["pages"] == 11  # the flatbed page and the test feeder's ten sheets
    missing = run(profile, "scan", code, "--document", "3", "--device", "test:7", env=env)
    assert missing.returncode == 1 and "test:7" in missing.stderr and "Traceback" not in missing.stderr
    duplex = run(profile, "scan", code, "--document", "3", "--device", "test:0", "--duplex", env=env)
    assert duplex.returncode == 1 and "hai mặt" in duplex.stderr
