"""A smaller ICU data library for the Linux bundle: the 32 MB libicudata minus what Qt never reads.

libQt6Core links ICU and calls it for four things only: converters (ucnv_*,
legacy text codecs), collation (ucol_*, QCollator), case mapping (u_strTo*),
and time-zone IDs and display names (ucal_*). ICU's data library carries far
more, and we drop:

- whole trees: display names of languages, regions, currencies and units,
  break-iterator dictionaries, transliterators and number spell-out rules,
  which Qt takes from its own CLDR tables or does not offer (~15 MB);
- converters outside the WHATWG Encoding Standard (the legacy encodings a
  browser still decodes): every single-byte table stays, and of the
  multi-byte ones only the twelve behind Shift_JIS, EUC-JP, ISO-2022-JP, GBK,
  gb18030, GB2312, Big5, Big5-HKSCS and EUC-KR (~3.7 MB of EBCDIC, EUC-TW,
  CNS 11643 and ISO-2022-CN/KR tables go);
- the top-level locale bundles (dates, numbers, calendars: Qt has its own),
  except root, the languages we translate, and the languages whose digits are
  not Latin: ucal's GMT-offset names ("غرينتش+٢") take the digits from there.
  Time-zone names live in the zone/ tree, which stays whole (~2.6 MB);
- stringprep profiles and the spoof checker's confusables (Qt uses neither).

tests/packaging/test_icu_trim.py proves that Qt gives the same collation,
case mapping, time-zone names (every Qt locale) and Encoding-Standard
converters on the trimmed data as on the full one.

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
# Top-level items nothing in Qt reads: Unicode character names (u_charName), the spoof checker's data.
DROP_ITEMS = ("unames.icu", "confusables.cfu")
DROP_SUFFIXES = (".spp",)  # stringprep profiles (usprep_*): Qt does its own IDNA
# The multi-byte converter tables of the WHATWG Encoding Standard; single-byte tables all stay.
KEEP_MULTIBYTE_CONVERTERS = frozenset(
    {
        "ibm-943_P15A-2003.cnv",  # Shift_JIS, ISO-2022-JP
        "euc-jp-2007.cnv",  # EUC-JP
        "windows-936-2000.cnv",  # GBK, windows-936: an extension of ibm-1386
        "ibm-1386_P100-2001.cnv",
        "gb18030.cnv",  # gb18030
        "ibm-1383_P110-1999.cnv",  # GB2312
        "windows-950-2000.cnv",  # Big5, windows-950: an extension of ibm-1373
        "ibm-1373_P100-2002.cnv",
        "ibm-1375_P100-2008.cnv",  # Big5-HKSCS
        "ibm-970_P110_P110-2006_U2.cnv",  # EUC-KR
        "windows-949-2000.cnv",  # windows-949: an extension of ibm-1363
        "ibm-1363_P11B-1998.cnv",
    }
)
# Top-level locale bundles kept: root, and languages whose default digits are not Latin (found by
# comparing every Qt locale's GMT-offset names on the full and the trimmed data; the test repeats it).
KEEP_LOCALE_LANGUAGES = frozenset(
    {
        "ar", "as", "bgc", "bho", "bn", "ccp", "ckb", "dz", "fa", "ks", "lrc", "mni", "mr", "my", "mzn",
        "ne", "pa", "ps", "raj", "sa", "sat", "sd", "ur", "uz",
    }
)  # fmt: skip
_LOCALE_BUNDLE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")  # de.res, ff_Adlm_GN.res (and res_index.res)
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


def converter_max_bytes(item: bytes) -> int:
    """maxBytesPerChar of a .cnv item (UConverterStaticData after the data header)."""
    header_size = struct.unpack_from("<H", item, 0)[0]
    # structSize (4), name (60), codepage (4), platform, conversionType, minBytesPerChar, maxBytesPerChar
    return item[header_size + 4 + 60 + 4 + 3]


def dropped(name: str, item: bytes, languages: frozenset[str] = frozenset()) -> bool:
    """Whether trim() leaves the item out; ``languages`` are extra locale bundles to keep (our translations)."""
    parts = name.split("/")  # icudt73l/coll/de.res, icudt73l/unames.icu
    if len(parts) > 2:
        return parts[1] in DROP_TREES
    leaf = parts[-1]
    if leaf in DROP_ITEMS or leaf.endswith(DROP_SUFFIXES):
        return True
    if leaf.endswith(".cnv"):
        return converter_max_bytes(item) > 1 and leaf not in KEEP_MULTIBYTE_CONVERTERS
    m = _LOCALE_BUNDLE.match(leaf)
    return bool(m) and leaf != "res_index.res" and m.group(1) not in KEEP_LOCALE_LANGUAGES | languages


def trim(dat: bytes, languages: frozenset[str] = frozenset({"en"})) -> bytes:
    """The package without what dropped() names; locale bundles of ``languages`` stay too."""
    header, items = parse(dat)
    return build(header, [(name, item) for name, item in items if not dropped(name, item, languages)])


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


def trimmed_library(lib: Path, work: Path, languages: frozenset[str] = frozenset({"en"})) -> Path | None:
    """A trimmed copy of ICU data library ``lib`` under ``work``, or None if binutils is missing.

    ``languages`` (those we translate, and English) keep their locale bundles.
    """
    if not all(shutil.which(tool) for tool in ("readelf", "as", "ld")):
        return None
    work = work / "-".join(sorted(languages))  # another set of translations is another library
    work.mkdir(parents=True, exist_ok=True)
    out = work / lib.name
    if (
        out.is_file()
        and out.stat().st_mtime >= lib.stat().st_mtime
        and out.stat().st_mtime >= Path(__file__).stat().st_mtime
    ):
        return out  # unchanged inputs: reuse (PyInstaller rebuilds stay fast)
    symbol, dat = extract(lib)
    return assemble(symbol, trim(dat, languages), lib.name, out)
