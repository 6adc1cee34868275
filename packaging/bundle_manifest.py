"""What goes into the bundle and what stays out: shared by the PyInstaller spec and the tests.

Plain Python (no PyInstaller import), so a fast test can check the lists without building.
"""

from __future__ import annotations

import importlib.util
import pkgutil
from pathlib import Path

# Packages loaded by name at run time (CLI modules through importlib, Alembic's env.py imports
# the models), so the import graph alone does not find them. `sync.server` is the provincial
# reference server: it needs FastAPI and never runs on a counter PC.
APP_PACKAGES = ("counter_app", "ui", "sync")
SKIP_PREFIXES = ("sync.server", "sync.protocol", "ui.cli.server")  # sync.protocol: the server's pydantic models; ui.cli.server: its command line

# reportlab resolves barcode classes by name (reportlab.graphics.barcode.createBarcodeDrawing
# imports code128, qr, … lazily); PyInstaller's analysis misses them.
BARCODE_PACKAGE = "reportlab.graphics.barcode"

HIDDEN_IMPORTS_EXTRA = [
    "sqlalchemy.dialects.sqlite",
    # SQLCipher (the profile's encryption): its extension module carries the whole library.
    "sqlcipher3", "sqlcipher3.dbapi2", "sqlcipher3._sqlite3",
    # keyring finds its backends through entry points; name the two the counter uses.
    "keyring.backends.Windows", "keyring.backends.SecretService", "keyring.backends.fail",
    "keyring.backends.chainer",
    "logging.config",  # alembic.config imports it when given an ini section
    "tzdata",  # zoneinfo's database where the OS has none (Windows); PyInstaller adds its data files
]

# Qt modules the application does not use. PySide6's hook collects a module's libraries and
# plugins only when it is imported, so excluding the Python module keeps them out.
# QtNetwork stays: libQt6Pdf links to it (the PDF preview). QtSerialPort stays: the scanner's
# USB-COM mode (ui/serial_scanner.py; about 100 KB).
EXCLUDES = [
    "PySide6.QtQml", "PySide6.QtQmlFeatures", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest", "PySide6.QtLabsStyleKit",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DExtras", "PySide6.Qt3DInput",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtConcurrent", "PySide6.QtCharts",
    "PySide6.QtDataVisualization", "PySide6.QtBluetooth", "PySide6.QtPositioning",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtSensors",
    "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech", "PySide6.QtStateMachine",
    # Development and test tools, and the server's web stack.
    "tkinter", "pytest", "_pytest", "pytestqt", "zxingcpp", "pypdfium2", "importlinter",
    "grimp", "pyinstrument", "fastapi", "starlette", "uvicorn", "psycopg", "psycopg_binary",
    "pydantic", "pydantic_core", "IPython", "numpy",
    # Pillow's codecs the slips never use (reportlab imports PIL; slips are vector PDFs with
    # PNG-free barcodes): AVIF and WebP are modules of their own, with 6 MB of libraries.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    # Mako (Alembic's templates) imports pygments only to colour tracebacks in HTML.
    "pygments", "mako.ext.pygmentplugin",
    # pikepdf needs lxml only for its XMP editor; counter_app.capture.pdfa writes its packet
    # itself (lxml's etree, objectify and html: about 10 MB).
    "lxml",
    # Documentation data of pydoc (help()) and the interactive prompt's line editing (with
    # libreadline): never used by the application.
    "pydoc_data", "readline",
    # The public holidays are a table in resources/calendar (packaging/holiday_table.py makes
    # it with this library at build time); the application never imports it.
    "holidays",
]
# Pillow stays although slips are vector PDFs: reportlab.lib.utils imports PIL unconditionally
# (the bundle fails to start without it; `counter-app selftest` is what found out).

# Shared libraries that Qt plugins drag in but the application never loads.
EXCLUDED_LIBRARY_MARKERS = ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt63D", "Qt6Multimedia",
                            "Qt6Designer", "Qt6VirtualKeyboard", "Qt6Sql", "Qt6Test",
                            "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport",
                            "Qt6WaylandClient", "Qt6WlShellIntegration", "Qt6WaylandEgl",
                            "qtvirtualkeyboardplugin")
# Qt plugins for platforms and services a counter PC does not use: embedded displays (eglfs,
# linuxfb, VNC), evdev input, network information and TLS (HTTP goes through requests);
# Wayland (the counter's Linux desktop is X11: xcb, and offscreen for the selftest, stay);
# the GTK and portal platform themes (the GTK theme's plugin drags in GTK's whole chain:
# cairo, pango, gdk-pixbuf, atk…; Qt's own Fusion style is what the screens are made for);
# image-format plugins (PNG, the only image the application loads, is built into QtGui; the
# slip preview renders through QtPdf, which decodes a PDF's images itself).
EXCLUDED_PLUGIN_DIRS = ("egldeviceintegrations", "generic", "networkinformation", "tls", "platformthemes",
                        "wayland-decoration-client", "wayland-graphics-integration-client",
                        "wayland-shell-integration", "imageformats")
EXCLUDED_PLATFORMS = ("libqeglfs", "libqlinuxfb", "libqminimalegl", "libqvkkhrdisplay", "libqvnc", "libqwayland")
# Linux only: libraries taken from the system, not bundled (the Windows bundle never had
# them). What a library named here alone loaded goes too (prune_orphans).
# - The libraries the manylinux policy (PEP 600) lets every wheel assume the system has:
#   PySide6, Pillow, pikepdf, SQLCipher's and cryptography's wheels are built on that
#   promise already, so a Linux that runs them has these (libstdc++, X11, GLib: ~6 MB).
# - libcups: Qt's CUPS print plugin links it, and it brings GnuTLS, libunistring, p11-kit,
#   libidn2, Nettle, GMP, libtasn1 and Avahi (~10 MB). A Linux PC that prints has CUPS; one
#   without it gets no CUPS printers (Qt leaves the plugin out), which it could not use anyway.
# - libdbus-1: libQt6DBus links it, and it brings libsystemd, libgcrypt, liblz4… (~3 MB); the
#   client library of the system's own message bus, on every Linux desktop.
MANYLINUX_SYSTEM_LIBRARIES = ("libgcc_s.so.1", "libstdc++.so.6", "libX11.so.6", "libXext.so.6", "libXrender.so.1",
                              "libICE.so.6", "libSM.so.6", "libGL.so.1", "libgobject-2.0.so.0",
                              "libgthread-2.0.so.0", "libglib-2.0.so.0")
SYSTEM_LIBRARIES = (*MANYLINUX_SYSTEM_LIBRARIES, "libcups.so.2", "libdbus-1.so.3")
# Qt's own translations: keep the application's two languages.
KEPT_QT_TRANSLATIONS = ("_vi.qm", "_en.qm")


def submodules(package: str) -> list[str]:
    """*package* and every module below it, found on disk without importing them."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return [package]
    found = [package]
    for info in pkgutil.walk_packages(spec.submodule_search_locations, prefix=package + "."):
        if info.name.startswith(SKIP_PREFIXES) or ".migrations" in info.name:
            continue
        found.append(info.name)
    return sorted(found)


def hidden_imports() -> list[str]:
    """Every module the analysis must add by name."""
    names: list[str] = []
    for package in APP_PACKAGES:
        names += submodules(package)
    names += submodules(BARCODE_PACKAGE)
    names += HIDDEN_IMPORTS_EXTRA
    return sorted(set(names))


def datas(root: Path) -> list[tuple[str, str]]:
    """(source, destination folder) pairs: resources and migrations."""
    pairs = [(str(root / "resources"), "resources")]
    migrations = root / "counter_app" / "store" / "migrations"
    pairs.append((str(migrations / "env.py"), "counter_app/store/migrations"))
    pairs.append((str(migrations / "script.py.mako"), "counter_app/store/migrations"))
    pairs += [(str(p), "counter_app/store/migrations/versions") for p in sorted(migrations.glob("versions/*.py"))]
    return pairs


def _excluded_library(dest: str) -> bool:
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if any(marker in name for marker in EXCLUDED_LIBRARY_MARKERS):
        return True
    if "/plugins/" in path:
        folder = path.split("/plugins/", 1)[1].split("/", 1)[0]
        if folder in EXCLUDED_PLUGIN_DIRS:
            return True
        if folder == "platforms" and name.startswith(EXCLUDED_PLATFORMS):
            return True
    return False


def trim_binaries(binaries):
    """Drop the libraries of Qt modules the application does not use, and the system
    libraries left to the system (:data:`SYSTEM_LIBRARIES`)."""
    return [entry for entry in binaries if not _excluded_library(entry[0])
            and entry[0].replace("\\", "/").rsplit("/", 1)[-1] not in SYSTEM_LIBRARIES]


def _root(dest: str) -> bool:
    """A binary something loads by itself: a Python extension module, a Qt plugin, libpython."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    return ("/plugins/" in path or "lib-dynload/" in path or name.startswith("libpython")
            or (".cpython-" in name or ".abi3." in name or name.endswith(".pyd")))


def prune_orphans(binaries, needed):
    """Drop the shared libraries that no kept binary loads any more (the GTK theme's chain once
    its plugin is out, Pillow's AVIF and WebP libraries…): a library stays when a root
    (:func:`_root`), or a library that stays, names it (*needed(path)*: its DT_NEEDED sonames).
    Symbolic links stay with what they point to."""
    by_name: dict[str, list] = {}
    for entry in binaries:
        by_name.setdefault(entry[0].replace("\\", "/").rsplit("/", 1)[-1], []).append(entry)
    kept: set[str] = set()
    queue = [entry for entry in binaries if _root(entry[0]) and entry[2] != "SYMLINK"]
    while queue:
        dest, src, kind = queue.pop()
        if dest in kept or kind == "SYMLINK":
            continue
        kept.add(dest)
        for soname in needed(src):
            queue += by_name.get(soname, [])
    out = []
    for dest, src, kind in binaries:
        if kind == "SYMLINK":
            target = str(src).replace("\\", "/").rsplit("/", 1)[-1]
            if not any(e[0] in kept for e in by_name.get(target, [])):
                continue
        elif dest not in kept:
            continue
        out.append((dest, src, kind))
    return out


def replace_binary(binaries, name: str, path):
    """Put the file *path* in place of every binary called *name* (the trimmed ICU data)."""
    return [(dest, str(path) if dest.replace("\\", "/").rsplit("/", 1)[-1] == name and kind != "SYMLINK" else src, kind)
            for dest, src, kind in binaries]


def trim_datas(datas):
    """Drop Qt translations of languages the application does not offer."""
    kept = []
    for entry in datas:
        dest = entry[0].replace("\\", "/")
        if "/translations/" in dest and dest.endswith(".qm") and "PySide6" in dest:
            if not dest.endswith(KEPT_QT_TRANSLATIONS):
                continue
        kept.append(entry)
    return kept
