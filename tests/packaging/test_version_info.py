"""The executables' version resource, generated from pyproject.toml's version, as Windows reads it.

The generated file is read by PyInstaller's own parser (``load_version_info_from_text_file``,
the ``eval`` the Windows build runs) and its text form read again: the fields checked are the
ones Explorer's Details tab shows. The binary resource (``toRaw`` packs Windows' 4-byte
``long`` with the native ``struct`` size) and writing it into an .exe (pywin32) need Windows:
the bundle job of .github/workflows/windows.yml reads the version back from the built exe.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import version_info  # noqa: E402


@pytest.fixture(scope="module")
def versioninfo():
    """PyInstaller's version-resource module. It imports ``win32api`` (pywin32) at its top for
    reading and writing executables only; off Windows there is none, so the name is given a
    placeholder that fails if used."""
    pytest.importorskip("pefile")
    compat = importlib.import_module("PyInstaller.compat")
    if not hasattr(compat, "win32api"):
        class _NoWin32:
            def __getattr__(self, name):
                raise RuntimeError("win32api is Windows only")

        compat.win32api = _NoWin32()
    return importlib.import_module("PyInstaller.utils.win32.versioninfo")


def _strings(info) -> dict[str, str]:
    tables = [t for k in info.kids if type(k).__name__ == "StringFileInfo" for t in k.kids]
    assert [t.name for t in tables] == ["042a04b0"]  # Vietnamese, Unicode
    return {s.name: s.val for s in tables[0].kids}


def test_numeric_versions_follow_pep_440_release_numbers():
    assert version_info.numeric_version("0.1.0") == (0, 1, 0, 0)
    assert version_info.numeric_version("1.2rc1") == (1, 2, 0, 0)
    assert version_info.numeric_version("2026.12.6.3.1") == (2026, 12, 6, 3)
    for bad in ("dev", "70000.1"):
        with pytest.raises(ValueError):
            version_info.numeric_version(bad)


def test_the_generated_files_read_back_as_windows_would(tmp_path, versioninfo):
    version = version_info.project_version()
    written = version_info.write_version_files(tmp_path)
    assert set(written) == {"counter-app", "counter-app-cli"}
    nums = version_info.numeric_version(version)
    for name, path in written.items():
        info = versioninfo.load_version_info_from_text_file(str(path))
        again = eval(str(info), vars(versioninfo))  # noqa: S307 - PyInstaller's own text form, as it reads it
        for parsed in (info, again):
            ffi = parsed.ffi
            assert (ffi.fileVersionMS >> 16, ffi.fileVersionMS & 0xFFFF, ffi.fileVersionLS >> 16,
                    ffi.fileVersionLS & 0xFFFF) == nums
            assert (ffi.productVersionMS, ffi.productVersionLS) == (ffi.fileVersionMS, ffi.fileVersionLS)
            strings = _strings(parsed)
            assert strings["ProductVersion"] == version
            assert strings["FileVersion"] == ".".join(map(str, nums))
            assert strings["OriginalFilename"] == f"{name}.exe"
            assert strings["ProductName"] == "Phần mềm Tiếp nhận và Trả kết quả"
            assert strings["CompanyName"] == version_info.PUBLISHER
            assert "cửa sổ" in strings["FileDescription"] if name == "counter-app" else "dòng lệnh" in strings[
                "FileDescription"]


def test_the_command_line_gives_iscc_the_same_version():
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "version_info.py"), "iscc"],
                            capture_output=True, text=True, encoding="utf-8", check=True, timeout=60)
    version = version_info.project_version()
    numeric = ".".join(map(str, version_info.numeric_version(version)))
    assert result.stdout.split() == [f"/DAppVersion={version}", f"/DAppNumericVersion={numeric}"]


def test_the_spec_embeds_them_in_both_executables():
    spec = (ROOT / "packaging" / "counter-app.spec").read_text(encoding="utf-8")
    assert "version_info.write_version_files" in spec
    assert 'version=VERSION_FILES.get("counter-app")' in spec
    assert 'version=VERSION_FILES.get("counter-app-cli")' in spec
