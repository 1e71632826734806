"""A smaller ICU data library for the Linux bundle: the 32 MB libicudata minus what Qt never reads.

libQt6Core links ICU and calls it for four things only: converters (ucnv_*,
legacy text codecs), collation (ucol_*, QCollator), case mapping (u_strTo*),
and time-zone IDs and display names (ucal_*). ICU's data library carries far
more: display names of languages, regions, currencies and units, break-iterator
dictionaries, transliterators and number spell-out rules, which Qt takes from
its own CLDR tables or does not offer. Dropping those trees saves ~15 MB.

The data is ICU's "common data" package (format ``CmnD``): a header, a sorted
table of contents (count, then name and data offsets relative to the table) and
16-byte-aligned items. We rewrite the table without the dropped items and
assemble a shared library exporting the same ``icudt<N>_dat`` symbol with the
same soname, using ``as`` and ``ld`` from binutils (already needed for strip).
`bugzot --self-check` exercises all four uses (check "icu"), inside the bundle.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

# Trees (first path component under icudt<N>l/) that no Qt ICU call reads.
DROP_TREES = ("brkitr", "lang", "region", "curr", "unit", "translit", "rbnf")
# Top-level items nothing in Qt reads: Unicode character names (u_charName).
DROP_ITEMS = ("unames.icu",)
ALIGN = 16
FILL = b"\xaa"  # icupkg's padding byte, so an untouched package round-trips byte for byte


def _readelf(*args: str) -> str:
    return subprocess.run(["readelf", *args], check=True, capture_output=True, text=True).stdout


def extract(lib: Path) -> tuple[str, bytes]:
    """(symbol, data) of the icudt<N>_dat blob inside an ICU data library."""
    syms = _readelf("--dyn-syms", "-W", str(lib))
    m = re.search(r"^\s*\d+:\s+([0-9a-f]+)\s+(\S+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)$", syms, re.M)
    if not m:
        raise ValueError(f"{lib.name}: no icudt<N>_dat symbol")
    value, size_field, shndx, symbol = int(m.group(1), 16), m.group(2), int(m.group(3)), m.group(4)
    size = int(size_field, 16) if size_field.startswith("0x") else int(size_field)
    sections = _readelf("-S", "-W", str(lib))
    sec = re.search(rf"^\s*\[\s*{shndx}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s", sections, re.M)
    if not sec:
        raise ValueError(f"{lib.name}: section {shndx} not found")
    addr, offset = int(sec.group(1), 16), int(sec.group(2), 16)
    with open(lib, "rb") as fh:
        fh.seek(offset + (value - addr))
        return symbol, fh.read(size)


def _pad(n: int) -> int:
    return (-n) % ALIGN


def parse(dat: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item bytes incl. its padding)]) of a little-endian CmnD package."""
    header_size = struct.unpack_from("<H", dat, 0)[0]
    if dat[2:4] != b"\xda\x27" or dat[12:16] != b"CmnD" or dat[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    count = struct.unpack_from("<I", dat, header_size)[0]
    toc = [struct.unpack_from("<II", dat, header_size + 4 + 8 * i) for i in range(count)]
    ends = [data_off for _, data_off in toc[1:]] + [len(dat) - header_size]
    items = []
    for (name_off, data_off), end in zip(toc, ends, strict=True):
        start = header_size + name_off
        name = dat[start : dat.index(b"\0", start)].decode("ascii")
        items.append((name, dat[header_size + data_off : header_size + end]))
    return dat[:header_size], items


def build(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A CmnD package from a header and sorted items (ICU binary-searches the names)."""
    names = [n for n, _ in items]
    if names != sorted(names, key=lambda n: n.encode("ascii")):
        raise ValueError("items must stay in byte order")
    count = len(items)
    toc_size = 4 + 8 * count
    name_blob = b"".join(n.encode("ascii") + b"\0" for n in names)
    data_start = toc_size + len(name_blob)
    data_start += _pad(data_start)
    entries, name_off, data_off, chunks = [], toc_size, data_start, []
    for name, item in items:
        entries.append(struct.pack("<II", name_off, data_off))
        name_off += len(name) + 1
        chunks.append(item + FILL * _pad(len(item)))
        data_off += len(chunks[-1])
    body = struct.pack("<I", count) + b"".join(entries) + name_blob
    body += FILL * (data_start - len(body))
    return header + body + b"".join(chunks)


def trim(dat: bytes, drop_trees: tuple[str, ...] = DROP_TREES, drop_items: tuple[str, ...] = DROP_ITEMS) -> bytes:
    """The package without the given trees and top-level items."""
    header, items = parse(dat)
    kept = []
    for name, item in items:
        parts = name.split("/")  # icudt73l/coll/de.res, icudt73l/unames.icu
        if len(parts) > 2 and parts[1] in drop_trees:
            continue
        if len(parts) == 2 and parts[1] in drop_items:
            continue
        kept.append((name, item))
    return build(header, kept)


def assemble(symbol: str, dat: bytes, soname: str, out: Path) -> Path:
    """A shared library exporting ``symbol`` (16-byte aligned, read-only) holding ``dat``."""
    work = out.parent
    blob = work / f"{symbol}.dat"
    blob.write_bytes(dat)
    asm = work / f"{symbol}.s"
    asm.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        f"\t.balign {ALIGN}\n"
        f"{symbol}:\n"
        f'\t.incbin "{blob.name}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    obj = work / f"{symbol}.o"
    subprocess.run(["as", "-o", obj.name, asm.name], check=True, cwd=work)
    subprocess.run(["ld", "-shared", "-soname", soname, "-o", str(out), obj.name], check=True, cwd=work)
    return out


def trimmed_library(lib: Path, work: Path) -> Path | None:
    """A trimmed copy of ICU data library ``lib`` under ``work``, or None if binutils is missing."""
    if not all(shutil.which(tool) for tool in ("readelf", "as", "ld")):
        return None
    work.mkdir(parents=True, exist_ok=True)
    out = work / lib.name
    if out.is_file() and out.stat().st_mtime >= lib.stat().st_mtime and out.stat().st_mtime >= Path(__file__).stat().st_mtime:
        return out  # unchanged inputs: reuse (PyInstaller rebuilds stay fast)
    symbol, dat = extract(lib)
    return assemble(symbol, trim(dat), lib.name, out)
