"""The Inno Setup script read as data (it can only be compiled on Windows): the directives an
office's installer needs, and that they agree with the program (mutex names, data folder,
version, selftest command)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from counter_app.store.profile_place import MACHINE_FOLDER

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "counter-app.iss"
sys.path.insert(0, str(ROOT / "packaging"))
import version_info  # noqa: E402


@dataclass
class Script:
    """The script's sections: ``[Setup]`` as ``{key: (value, conditions)}``, entry sections as
    lists of ``{parameter: value}``, ``[Code]`` as text; ISPP ``{#Name}`` expanded from ``#define``s
    (``/D`` defaults from ``#ifndef`` blocks)."""

    defines: dict[str, str] = field(default_factory=dict)
    setup: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    entries: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    code: str = ""


def _expand(text: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), text)


def _entry(line: str) -> dict[str, str]:
    out = {}
    for part in re.split(r";\s+(?=\w+:)", line):
        key, _, value = part.partition(":")
        out[key.strip()] = value.strip().strip('"')
    return out


def parse(text: str) -> Script:
    script, section, conditions = Script(), None, []
    for raw in text.splitlines():
        line = raw.strip()
        if section == "Code":
            script.code += raw + "\n"
            continue
        if not line or line.startswith(";"):
            continue
        if line.startswith("#"):
            directive, _, rest = line[1:].partition(" ")
            if directive in ("ifdef", "ifndef", "ifexist", "if"):
                conditions.append(f"{directive} {rest.strip()}")
            elif directive == "endif":
                conditions.pop()
            elif directive == "define":
                name, _, value = rest.strip().partition(" ")
                script.defines[name] = _expand(value.strip().strip('"'), script.defines)
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
            continue
        line = _expand(line, script.defines)
        if section == "Setup":
            key, _, value = line.partition("=")
            script.setup[key.strip()] = (value.strip(), tuple(c for c in conditions if not c.startswith("ifndef")))
        else:
            script.entries.setdefault(section, []).append(_entry(line))
    script.code = _expand(script.code, script.defines)
    return script


@pytest.fixture(scope="module")
def iss() -> Script:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads Vietnamese text only from UTF-8 with BOM"
    return parse(raw.decode("utf-8-sig"))


def value(iss: Script, key: str) -> str:
    return iss.setup[key][0]


def test_the_parser_reads_what_it_is_given():
    s = parse('#define A "x"\n[Setup]\nK={#A}y\n#ifdef S\nT=1\n#endif\n[Dirs]\nName: "{#A}\\d"; Flags: f\n[Code]\nbegin\n')
    assert s.setup == {"K": ("xy", ()), "T": ("1", ("ifdef S",))}
    assert s.entries["Dirs"] == [{"Name": "x\\d", "Flags": "f"}] and s.code == "begin\n"


def test_version_information_of_the_installer_matches_the_programs(iss):
    assert value(iss, "AppId") == "{{6F1C2B9E-3A57-4E0B-9C4D-2D8A7E5B1F60}"  # never changes: upgrades find it
    assert value(iss, "AppName") == value(iss, "VersionInfoProductName") == version_info.PRODUCT_NAME
    assert value(iss, "AppPublisher") == value(iss, "VersionInfoCompany") == version_info.PUBLISHER
    version = version_info.project_version()
    numeric = ".".join(map(str, version_info.numeric_version(version)))
    assert iss.defines["AppVersion"] == version  # the default when ISCC gets no /D
    assert iss.defines["AppNumericVersion"] == numeric
    assert value(iss, "AppVersion") == value(iss, "VersionInfoProductTextVersion") == version
    assert value(iss, "VersionInfoVersion") == value(iss, "VersionInfoProductVersion") == numeric


def test_per_machine_by_default_per_user_on_request(iss):
    assert value(iss, "PrivilegesRequired") == "admin"
    assert set(value(iss, "PrivilegesRequiredOverridesAllowed").split()) == {"dialog", "commandline"}
    assert value(iss, "DefaultDirName").startswith("{autopf}\\")


def test_a_running_copy_is_found_by_the_mutexes_the_window_holds(iss):
    from ui.instance import RUNNING_MUTEXES

    assert tuple(value(iss, "AppMutex").split(",")) == RUNNING_MUTEXES
    assert value(iss, "CloseApplications") in ("yes", "force")
    assert "function PrepareToInstall" in iss.code and "CheckForMutexes" in iss.code
    assert iss.defines["RunningMutexes"] == value(iss, "AppMutex")


def test_the_data_folder_is_machine_wide_writable_by_users_and_never_uninstalled(iss):
    dirs = iss.entries["Dirs"]
    data = [d for d in dirs if d["Name"] == f"{{commonappdata}}\\{MACHINE_FOLDER}"]
    assert len(data) == 1
    assert data[0]["Permissions"] == "users-modify"
    assert "uninsneveruninstall" in data[0]["Flags"].split()
    for section in ("InstallDelete", "UninstallDelete"):
        for entry in iss.entries.get(section, []):
            assert not re.search(r"appdata|commonappdata|userdocs", entry["Name"], re.I), entry
            assert entry["Name"].startswith("{app}\\")  # only program files are replaced or removed


def test_the_installed_programs_selftest_runs_and_its_exit_code_decides(iss):
    code = iss.code
    assert re.search(r"CurStep\s*=\s*ssPostInstall", code)
    exec_call = re.search(r"Exec\(ExpandConstant\('\{app\}\\([\w.-]+)'\),\s*'([^']*)'", code)
    assert exec_call and exec_call.group(1) == "counter-app-cli.exe"
    assert "ewWaitUntilTerminated" in code and re.search(r"ResultCode\s*<>\s*0", code)
    assert re.search(r"function GetCustomSetupExitCode\(\): Integer;", code)
    assert int(iss.defines["SelftestFailedExitCode"]) > 8  # 1-8 are Inno Setup's own codes
    # the arguments it passes are the CLI's (the report path is appended in quotes)
    from ui.cli.main import build_parser

    args = build_parser().parse_args([*exec_call.group(2).replace('"', "").split(), "C:\\Temp\\selftest.json"])
    assert args.command == "selftest" and str(args.output).endswith("selftest.json")
    assert not any("selftest" in r.get("Parameters", "") for r in iss.entries["Run"])  # not a [Run] that ignores it


def test_signing_only_when_the_build_gives_a_sign_tool(iss):
    assert iss.setup["SignTool"] == ("{#SignToolName}", ("ifdef SignToolName",))
    assert iss.setup["SignedUninstaller"][1] == ("ifdef SignToolName",)


def test_the_bundle_is_installed_whole_and_old_program_files_replaced(iss):
    files = iss.entries["Files"]
    assert files[0]["Source"] == "..\\..\\dist\\counter-app\\*" and files[0]["DestDir"] == "{app}"
    assert "recursesubdirs" in files[0]["Flags"].split()


def test_the_keys_folder_is_made_for_the_counters_users_only_and_never_uninstalled(iss):
    from counter_app.store.machine_keys import KEYS_FOLDER

    keys = [d for d in iss.entries["Dirs"] if d["Name"] == f"{{commonappdata}}\\{MACHINE_FOLDER}\\{KEYS_FOLDER}"]
    assert len(keys) == 1
    assert set(keys[0]["Permissions"].split()) == {"users-modify", "admins-full", "system-full"}
    assert "uninsneveruninstall" in keys[0]["Flags"].split()
    # the ACL set whole: nothing inherited, well-known SIDs (group names are translated on a Vietnamese Windows)
    acl = iss.defines["KeysFolderAcl"].split()
    assert acl[:2] == ["/inheritance:r", "/grant:r"]
    assert set(acl[2:]) == {"*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", "*S-1-5-32-545:(OI)(CI)M"}
    assert re.search(r"Exec\(ExpandConstant\('\{sys\}\\icacls\.exe'\)", iss.code)
    assert f"{{commonappdata}}\\{MACHINE_FOLDER}\\{KEYS_FOLDER}" in iss.code
    post = iss.code[iss.code.index("procedure CurStepChanged"):]
    assert post.index("SecureKeysFolder()") < post.index("RunSelftest()")  # before the program first runs
