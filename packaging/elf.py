"""Just enough of the ELF format (64-bit little-endian, as on Linux x86-64) for the bundle:
the libraries a binary names (DT_NEEDED) and the bytes of one exported symbol."""

from __future__ import annotations

import struct
from pathlib import Path

_SHT_DYNSYM, _SHT_DYNAMIC = 11, 6
_DT_NEEDED = 1


def _sections(data: bytes) -> list[tuple]:
    """(type, addr, offset, size, link, entsize) of each section; [] when not ELF64 LE."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    out = []
    for i in range(shnum):
        _name, kind, _flags, addr, offset, size, link, _info, _align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        out.append((kind, addr, offset, size, link, entsize))
    return out


def _string(data: bytes, at: int) -> str:
    return data[at:data.index(b"\0", at)].decode()


def needed(path: Path | str) -> list[str]:
    """The sonames *path* asks the dynamic linker for ([] for a file that is not ELF64)."""
    data = Path(path).read_bytes()
    sections = _sections(data)
    names = []
    for kind, _addr, offset, size, link, _entsize in sections:
        if kind != _SHT_DYNAMIC:
            continue
        strtab = sections[link][2]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == _DT_NEEDED:
                names.append(_string(data, strtab + value))
    return names


def symbol_bytes(path: Path | str, symbol: str) -> bytes:
    """The bytes of the exported data *symbol* of the shared library *path*."""
    data = Path(path).read_bytes()
    sections = _sections(data)
    for kind, _addr, offset, size, link, entsize in sections:
        if kind != _SHT_DYNSYM:
            continue
        strtab = sections[link][2]
        for at in range(offset, offset + size, entsize):
            name, _info, _other, shndx, value, sym_size = struct.unpack_from("<IBBHQQ", data, at)
            if name and _string(data, strtab + name) == symbol:
                _kind, addr, sec_offset, *_ = sections[shndx]
                start = sec_offset + value - addr
                return data[start:start + sym_size]
    raise KeyError(f"{symbol} is not exported by {path}")
