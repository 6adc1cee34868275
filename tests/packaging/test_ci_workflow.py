"""The Windows CI workflow is valid and does what the counters need (it cannot run here).

``check-jsonschema`` validates it against GitHub's workflow schema (vendored, offline); the
rest reads it as data: Python 3.11 and 3.13 on windows-latest without UTF-8 mode, ruff,
the import contracts, the suite without the Linux-only markers, the bundle with both
executables' selftest, and the Inno Setup installer kept as an artifact.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
LINUX_ONLY_MARKERS = ("x11", "cups", "postgres")


def _linter() -> list[str]:
    exe = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    return [exe, "--builtin-schema", "vendor.github-workflows"]


def _lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_linter(), str(path)], capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict:
    from ruamel.yaml import YAML  # check-jsonschema's YAML reader

    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_workflow_passes_the_github_actions_schema():
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        result = _lint(path)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs-onn:", 1), encoding="utf-8")
    assert _lint(broken).returncode != 0


def test_windows_runners_with_python_311_and_313_and_no_utf8_mode(workflow):
    assert set(workflow["jobs"]) == {"test", "bundle"}
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "windows-latest"
        assert job["strategy"]["matrix"]["python"] == ["3.11", "3.13"]
        assert job["timeout-minutes"] <= 60
    envs = [workflow.get("env", {})] + [j.get("env", {}) for j in workflow["jobs"].values()] + [
        s.get("env", {}) for j in workflow["jobs"].values() for s in j["steps"]]
    assert not any(k in e for e in envs for k in ("PYTHONUTF8", "PYTHONIOENCODING"))
    assert "sys.flags.utf8_mode" in _runs(workflow["jobs"]["test"])


def test_lint_contracts_and_the_suite_without_the_linux_only_markers(workflow):
    runs = _runs(workflow["jobs"]["test"])
    assert "ruff check counter_app ui sync tests packaging" in runs
    assert "lint-imports" in runs
    pytest_line = next(line for line in runs.splitlines() if "-m pytest" in line)
    for marker in LINUX_ONLY_MARKERS:
        assert f"not {marker}" in pytest_line
    registered = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["markers"]
    assert {m.split(":")[0] for m in registered} >= set(LINUX_ONLY_MARKERS)


def test_the_bundle_both_selftests_and_the_installer_artifact(workflow):
    job = workflow["jobs"]["bundle"]
    runs = _runs(job)
    assert "packaging/build.py" in runs
    assert "counter-app-cli.exe selftest" in runs
    assert "counter-app.exe" in runs and '"selftest", "--output"' in runs
    assert "ISCC.exe" in runs and "packaging\\windows\\counter-app.iss" in runs
    uploads = [s["with"]["path"] for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert "dist/installer/*.exe" in uploads


def test_the_machine_key_store_is_exercised_for_real_on_the_runner(workflow):
    steps = workflow["jobs"]["test"]["steps"]
    step = next(s for s in steps if "Machine key store" in s.get("name", ""))
    assert step["env"]["COUNTER_KEY_SCOPE"] == "machine"
    run = step["run"]
    assert "COUNTER_MACHINE_KEYS" in run and "dpapi-machine" in run  # the file, sealed by DPAPI
    assert run.count("COUNTER_KEYRING_FILE") >= 2  # two key stores, two processes
    assert "net user" in run and "-Credential" in run and "/delete" in run  # a second account, removed after
    names = [s.get("name", "") for s in steps]
    assert names.index(step["name"]) > next(i for i, n in enumerate(names) if n == "Install")
