"""What the bundle carries, checked without building it (fast)."""

from __future__ import annotations

import importlib
import pkgutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_manifest  # noqa: E402
import translations  # noqa: E402

from ui.cli.main import COMMAND_MODULES  # noqa: E402


@pytest.fixture(scope="module")
def hidden():
    return set(bundle_manifest.hidden_imports())


def test_every_reportlab_barcode_module_is_a_hidden_import(hidden):
    package = importlib.import_module("reportlab.graphics.barcode")
    on_disk = {f"reportlab.graphics.barcode.{m.name}" for m in pkgutil.iter_modules(package.__path__)}
    assert {"reportlab.graphics.barcode.code128", "reportlab.graphics.barcode.qr"} <= on_disk
    assert on_disk - hidden == set()


def test_every_cli_module_is_a_hidden_import_and_the_holiday_library_stays_out(hidden):
    assert not any(name == "holidays" or name.startswith("holidays.") for name in hidden)
    assert "holidays" in bundle_manifest.EXCLUDES  # the table in resources/calendar replaces it
    assert set(COMMAND_MODULES) - hidden == set()
    assert "ui.cli.selftest_commands" in hidden
    assert not any(name.startswith("sync.server") for name in hidden)  # the server stays out


def test_the_spec_takes_its_lists_from_the_manifest():
    spec = (ROOT / "packaging" / "counter-app.spec").read_text(encoding="utf-8")
    assert "hiddenimports=hiddenimports" in spec and "manifest.hidden_imports()" in spec
    assert "excludes=manifest.EXCLUDES" in spec
    assert "exclude_binaries=True" in spec  # one-folder: binaries go to COLLECT, not into the exe
    assert 'name="counter-app"' in spec


def test_data_files_carry_resources_and_every_migration():
    pairs = bundle_manifest.datas(ROOT)
    assert (str(ROOT / "resources"), "resources") in pairs
    versions = sorted((ROOT / "counter_app" / "store" / "migrations" / "versions").glob("*.py"))
    shipped = {Path(src).name for src, dest in pairs if dest == "counter_app/store/migrations/versions"}
    assert shipped == {p.name for p in versions}
    assert any(dest == "counter_app/store/migrations" and src.endswith("env.py") for src, dest in pairs)
    assert (ROOT / "resources" / "calendar" / "public_holidays_vn.json").is_file()


def test_unused_qt_modules_and_their_libraries_are_left_out():
    assert {"PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore"} <= set(
        bundle_manifest.EXCLUDES
    )
    kept = bundle_manifest.trim_binaries([
        ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "x", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "x", "BINARY"),
    ])
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6Pdf.so.6",
    ]


@pytest.mark.parametrize("name", ["counter_app_en", "qtbase_vi"])
def test_the_compiled_translation_matches_its_source(tmp_path, name):
    ts = ROOT / "resources" / "translations" / f"{name}.ts"
    committed = ts.with_suffix(".qm")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([translations.tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == committed.read_bytes(), "run: python packaging/translations.py compile"


def test_every_english_message_is_translated():
    report = translations.status()["en"]
    assert report["messages"] > 0
    assert report["unfinished_sources"] == []


def test_the_icon_files_hold_every_size():
    from PySide6.QtGui import QImage

    image = QImage(str(ROOT / "resources" / "icons" / "counter-app.png"))
    assert (image.width(), image.height()) == (256, 256)
    data = (ROOT / "resources" / "icons" / "counter-app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 4)
    sizes = [data[6 + 16 * i] or 256 for i in range(count)]
    assert sizes == [16, 32, 48, 256]


def test_a_non_editable_install_ships_every_resource_folder():
    """pyproject's data-files must list each folder of resources/ that holds files."""
    import tomllib

    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    listed = {dest.removeprefix("share/counter-app/") for dest in data_files}
    folders = {
        str(p.parent.relative_to(ROOT)).replace("\\", "/")
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.suffix != ".ts" and "__pycache__" not in p.parts
    }
    assert folders - listed == set()


def test_the_inno_setup_script_is_utf8_with_bom_and_points_at_the_bundle():
    raw = (ROOT / "packaging" / "windows" / "counter-app.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads Vietnamese text as UTF-8 only with a BOM
    text = raw.decode("utf-8-sig")
    here = ROOT / "packaging" / "windows"
    assert '#define Bundle "..\\..\\dist\\counter-app"' in text
    assert (here / "../../resources/icons/counter-app.ico").resolve().is_file()
    assert "'selftest --output" in text and '#define CliExe "counter-app-cli.exe"' in text  # [Code] RunSelftest
    spec = (ROOT / "packaging" / "counter-app.spec").read_text(encoding="utf-8")
    assert 'name="counter-app-cli"' in spec  # the console executable the installer runs


def test_wayland_the_gtk_theme_and_image_plugins_are_out_xcb_offscreen_and_qtpdf_stay():
    entries = [(f"PySide6/Qt/{path}", "x", "BINARY") for path in (
        "plugins/platforms/libqwayland-generic.so", "plugins/platformthemes/libqgtk3.so",
        "plugins/wayland-shell-integration/libxdg-shell.so", "plugins/imageformats/libqwebp.so",
        "lib/libQt6WaylandClient.so.6", "plugins/platforms/libqxcb.so", "plugins/platforms/libqoffscreen.so",
        "lib/libQt6Pdf.so.6", "lib/libQt6XcbQpa.so.6", "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so")]
    kept = [dest.split("/", 2)[2] for dest, _src, _kind in bundle_manifest.trim_binaries(entries)]
    assert kept == ["plugins/platforms/libqxcb.so", "plugins/platforms/libqoffscreen.so", "lib/libQt6Pdf.so.6",
                    "lib/libQt6XcbQpa.so.6", "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so"]
    assert {"PIL._avif", "PIL._webp", "pygments"} <= set(bundle_manifest.EXCLUDES)


def test_libraries_nothing_kept_loads_are_pruned_and_links_follow_their_target():
    needs = {
        "ext.so": ["libQt6Gui.so.6"], "gui": ["libQt6Core.so.6"], "core": ["libicuuc.so.73"], "icu": [],
        "plugin": ["libQt6Gui.so.6"], "gtk": ["libcairo.so.2"], "webp": [],
    }
    binaries = [
        ("PySide6/QtGui.abi3.so", "ext.so", "BINARY"), ("PySide6/Qt/lib/libQt6Gui.so.6", "gui", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "core", "BINARY"), ("PySide6/Qt/lib/libicuuc.so.73", "icu", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "plugin", "BINARY"),
        ("libcairo.so.2", "gtk", "BINARY"),  # its plugin (the GTK theme) was left out
        ("pillow.libs/libwebp-1.so.7", "webp", "BINARY"),  # PIL._webp was left out
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libcairo-link.so", "libcairo.so.2", "SYMLINK"),
    ]
    kept = bundle_manifest.prune_orphans(binaries, lambda src: needs[src])
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libicuuc.so.73", "PySide6/Qt/plugins/platforms/libqxcb.so", "libQt6Core.so.6"]
    swapped = bundle_manifest.replace_binary(kept, "libicuuc.so.73", "/tmp/trimmed/libicuuc.so.73")
    assert ("PySide6/Qt/lib/libicuuc.so.73", "/tmp/trimmed/libicuuc.so.73", "BINARY") in swapped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF")
def test_the_elf_reader_finds_what_qt_links_and_the_icu_data():
    import elf
    import icu_trim

    qt_lib = Path(importlib.import_module("PySide6").__file__).parent / "Qt" / "lib"
    assert "libQt6Core.so.6" in elf.needed(qt_lib / "libQt6Gui.so.6")
    library = icu_trim.find_icudata(qt_lib)
    data = elf.symbol_bytes(library, f"icudt{library.name.rsplit('.', 1)[-1]}_dat")
    assert len(data) > 1_000_000 and data[2:4] == b"\xda\x27"  # ICU's data header magic


def test_icu_keeps_vietnamese_english_and_the_root_data_only():
    import icu_trim

    kept = [item for item in ("root.res", "vi.res", "vi_VN.res", "en_US.res", "coll/vi.res", "coll/res_index.res",
                              "res_index.res", "pool.res", "zoneinfo64.res", "coll/ucadata.icu", "brkitr/word.brk",
                              "brkitr/thaidict.dict", "cnvalias.icu", "uprops.icu", "supplementalData.res")
            if not icu_trim.dropped(item)]
    assert len(kept) == 15
    assert all(icu_trim.dropped(item) for item in ("fr.res", "de_AT.res", "coll/zh.res", "zone/sr_Latn_BA.res",
                                                   "coll/de_.res", "ibm-1047_P100-1995.cnv", "translit/root.res"))


def _texts(ts: Path, *, finished_only: bool) -> set[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    found = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if finished_only and (translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")):
                continue
            found.add((name, message.findtext("source")))
    return found


def test_every_text_of_the_interface_is_in_the_english_file_and_translated(tmp_path):
    """lupdate run afresh over ui/ finds no text the committed English file lacks or leaves
    unfinished (a text added without `translations.py extract` would show in Vietnamese in the
    English interface, and `status` would not see it)."""
    fresh = tmp_path / "fresh.ts"
    files = [str(p.relative_to(ROOT)) for p in translations.sources()]
    subprocess.run([translations.tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "vi_VN", "-target-language", "en", *files, "-ts", str(fresh)],
                   check=True, cwd=ROOT)
    committed = _texts(translations.ts_file("en"), finished_only=True)
    missing = {(ctx, src) for ctx, src in _texts(fresh, finished_only=False)
               if (ctx, src) not in committed and (translations.CONTEXT_ALIASES.get(ctx, ctx), src) not in committed}
    assert missing == set(), "run packaging/translations.py extract, then translate"
