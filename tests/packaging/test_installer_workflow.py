"""The Windows workflow's installer steps (they cannot run here; the schema check is in
test_ci_workflow.py): version resource checked, signing only with a certificate from the
repository's secrets, ISCC given pyproject's version, and a silent install, upgrade and
uninstall that must keep the data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


@pytest.fixture(scope="module")
def bundle() -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["bundle"]


def _step(job: dict, name_start: str) -> dict:
    return next(s for s in job["steps"] if s.get("name", "").startswith(name_start))


def _index(job: dict, name_start: str) -> int:
    return next(i for i, s in enumerate(job["steps"]) if s.get("name", "").startswith(name_start))


def test_the_certificate_comes_from_secrets_and_signing_is_skipped_without_one(bundle):
    assert bundle["env"]["SIGNING_CERT_BASE64"] == "${{ secrets.WINDOWS_SIGNING_CERT_BASE64 }}"
    assert bundle["env"]["SIGNING_CERT_PASSWORD"] == "${{ secrets.WINDOWS_SIGNING_CERT_PASSWORD }}"
    cert = _step(bundle, "Code signing certificate")
    assert cert["if"] == "env.SIGNING_CERT_BASE64 != ''" and cert["id"] == "cert"
    assert "Import-PfxCertificate" in cert["run"] and "Remove-Item $pfx" in cert["run"]
    sign = _step(bundle, "Sign both executables")
    assert sign["if"] == "steps.cert.outcome == 'success'"
    assert "counter-app.exe" in sign["run"] and "counter-app-cli.exe" in sign["run"] and "/tr" in sign["run"]
    assert _step(bundle, "No certificate")["if"] == "env.SIGNING_CERT_BASE64 == ''"
    iscc = _step(bundle, "Inno Setup")["run"]
    assert '"/DSignToolName=signtool"' in iscc and "/Ssigntool=signtool.exe sign" in iscc and "`$f" in iscc
    # the executables are signed before the installer packs them
    assert _index(bundle, "Sign both executables") < _index(bundle, "Inno Setup")


def test_the_version_is_pyprojects_in_the_exes_and_the_installer(bundle):
    check = _step(bundle, "Version resource")["run"]
    assert "VersionInfo" in check and "ProductVersion" in check and "OriginalFilename" in check
    assert "packaging\\version_info.py iscc" in _step(bundle, "Inno Setup")["run"]


def test_a_silent_install_upgrade_and_uninstall_keep_the_data(bundle):
    run = _step(bundle, "Install, upgrade and uninstall")["run"]
    assert '"install", "upgrade"' in run and "/VERYSILENT" in run and "$p.ExitCode -ne 0" in run
    assert "Users" in run and "Modify" in run  # the data folder's rights
    assert "unins000.exe" in run and 'uninstall removed the data' in run
    assert _index(bundle, "Inno Setup") < _index(bundle, "Install, upgrade and uninstall") < _index(
        bundle, "Installer artifact")
