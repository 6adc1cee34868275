"""Qt's ICU data trimmed to the application's languages (Vietnamese and English), for Linux.

PySide6 ships ``libicudata.so.NN``: 32 MB of ICU data for every locale, every legacy
character converter and the transliterators, as one exported symbol ``icudtNN_dat``. The
application needs the root data (Unicode properties, normalisation, break rules, the time
zones) and the vi and en locales (collation, names, numbers, dates). :func:`trimmed_icudata`
takes the symbol's bytes out of the library, removes the other items with ICU's ``icupkg``,
and links the rest back into a library of the same name and symbol (``genccode`` + ``gcc``),
so nothing else changes: no ICU_DATA path, no runtime hook. Needs the Debian packages
``icu-devtools`` and ``gcc``; without them the bundle keeps the full file (the build says so).
The break-iterator dictionaries (Thai, Lao, Khmer, Burmese, CJK) stay: the root break rules
name them and icupkg refuses to drop them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from elf import symbol_bytes  # packaging/ is on the path (build.py and the spec run from there)

KEPT_LOCALES = frozenset({"root", "en", "en_US", "en_US_POSIX", "vi", "vi_VN"})
KEPT_ALWAYS = frozenset({"res_index"})  # each tree's list of its locales (it looks like one)
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")  # a locale's bundle: de, de_AT, sr_Latn_BA, de_ …
TOOLS = ("icupkg", "genccode", "gcc")


def dropped(item: str) -> bool:
    """True for an ICU data item the application does not use: another locale's bundle (in
    every tree: names, currencies, collation, units…), a legacy converter, a transliterator."""
    parts = item.split("/")
    base, _, ext = parts[-1].rpartition(".")
    if ext == "cnv" or parts[0] == "translit":
        return True
    return ext == "res" and bool(_LOCALE.match(base)) and base not in KEPT_LOCALES | KEPT_ALWAYS


def find_icudata(qt_lib: Path) -> Path | None:
    """PySide6's libicudata.so.NN, when there is one (Linux wheels)."""
    found = sorted(qt_lib.glob("libicudata.so.[0-9]*"))
    return found[0] if found else None


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def trimmed_icudata(library: Path, work: Path) -> Path:
    """A copy of *library* with the trimmed data, in *work*; its path."""
    version = library.name.rsplit(".", 1)[-1]
    entry = f"icudt{version}"
    work.mkdir(parents=True, exist_ok=True)
    # icupkg names a package's items after its file: the trimmed one keeps the full one's name.
    (work / "trimmed").mkdir(exist_ok=True)
    full, small = work / f"{entry}l.dat", work / "trimmed" / f"{entry}l.dat"
    full.write_bytes(symbol_bytes(library, f"{entry}_dat"))
    listed = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True, text=True,
                            encoding="utf-8").stdout.split()
    (work / "dropped.txt").write_text("\n".join(item for item in listed if dropped(item)) + "\n")
    small.unlink(missing_ok=True)
    subprocess.run(["icupkg", "-r", str(work / "dropped.txt"), str(full), str(small)], check=True,
                   capture_output=True)
    subprocess.run(["genccode", "-q", "-a", "gcc", "-e", entry, "-d", str(work), str(small)], check=True,
                   capture_output=True)
    assembly = work / f"{entry}l_dat.S"
    out = work / library.name
    subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-Wl,-z,noexecstack",
                    "-o", str(out), str(assembly)], check=True, capture_output=True)
    full.unlink()
    return out
