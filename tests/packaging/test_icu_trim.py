"""packaging/icu_trim.py: ICU's data package rewritten without the trees Qt never reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_helpers import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import icu_trim  # noqa: E402

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in ("readelf", "as", "ld")),
    reason="the ICU data library is trimmed on Linux with binutils",
)


@pytest.fixture(scope="module")
def wheel_icu() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    assert len(found) == 1
    return found[0]


def test_an_untouched_package_round_trips_byte_for_byte(wheel_icu: Path) -> None:
    _symbol, dat = icu_trim.extract(wheel_icu)
    header, items = icu_trim.parse(dat)
    assert icu_trim.build(header, items) == dat


def test_trim_drops_exactly_what_dropped_names(wheel_icu: Path) -> None:
    _symbol, dat = icu_trim.extract(wheel_icu)
    _header, before = icu_trim.parse(dat)
    _header, after = icu_trim.parse(icu_trim.trim(dat, frozenset({"en", "de"})))

    assert after == [(n, item) for n, item in before if not icu_trim.dropped(n, item, frozenset({"en", "de"}))]
    kept_trees = {n.split("/")[1] for n, _ in after if n.count("/") > 1}
    assert {"coll", "zone"} <= kept_trees and not kept_trees & set(icu_trim.DROP_TREES)
    leaves = {n.split("/")[-1] for n, _ in after if n.count("/") == 1}
    # what ucal, ucol and the locale fallback need at the top level stays
    assert {
        "root.res",
        "pool.res",
        "res_index.res",
        "supplementalData.res",
        "metaZones.res",
        "zoneinfo64.res",
    } <= leaves
    assert {"de.res", "de_AT.res", "en.res", "en_GB.res", "ar.res", "ar_EG.res", "fa.res"} <= leaves
    assert not {"fr.res", "ja.res", "zh_Hant.res", "ibm-930_P120-1999.cnv", "euc-tw-2014.cnv", "rfc3491.spp"} & leaves
    assert icu_trim.KEEP_MULTIBYTE_CONVERTERS <= leaves
    assert "ibm-5348_P100-1997.cnv" in leaves  # windows-1252: single-byte tables all stay


def test_converter_width_is_read_from_the_table(wheel_icu: Path) -> None:
    _symbol, dat = icu_trim.extract(wheel_icu)
    items = dict(icu_trim.parse(dat)[1])
    prefix = next(iter(items)).split("/")[0]
    assert icu_trim.converter_max_bytes(items[f"{prefix}/ibm-5348_P100-1997.cnv"]) == 1
    assert icu_trim.converter_max_bytes(items[f"{prefix}/ibm-943_P15A-2003.cnv"]) == 2
    assert icu_trim.converter_max_bytes(items[f"{prefix}/gb18030.cnv"]) == 4


# What Qt asks ICU for, printed as JSON: run once on the wheel's data and once on the trimmed data.
_QT_ICU_PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["ä", "a", "z", "b", "ö", "o", "Å", "å", "ch", "c", "ñ", "n", "ß", "ss", "é", "e", "日本", "中国", "İ", "ı", "i"]
locales = QLocale.matchingLocales(QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyCountry)
zones = [b"Europe/Berlin", b"Asia/Kolkata", b"America/Sao_Paulo", b"Australia/Lord_Howe"]
out = {"ids": len(QTimeZone.availableTimeZoneIds())}
for loc in locales:
    name = loc.name()
    c = QCollator(loc)
    out["coll " + name] = sorted(words, key=functools.cmp_to_key(c.compare))
    out["case " + name] = [loc.toUpper("iıß straße"), loc.toLower("IİΣΑΣ")]
    out["tz " + name] = [QTimeZone(z).displayName(t, n, loc) for z in zones
                         for t in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime)
                         for n in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName)]
# the WHATWG Encoding Standard's legacy encodings
for enc in ["IBM866", "ISO-8859-2", "ISO-8859-5", "ISO-8859-7", "ISO-8859-8", "ISO-8859-13", "ISO-8859-15", "KOI8-R",
            "KOI8-U", "macintosh", "x-mac-cyrillic", "windows-874", "windows-1250", "windows-1251", "windows-1252",
            "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258", "GBK",
            "gb18030", "GB2312", "Big5", "Big5-HKSCS", "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR", "windows-949"]:
    out["cnv " + enc] = QStringDecoder(enc).isValid()
print(json.dumps(out, ensure_ascii=False))
"""


def test_qt_gives_the_same_answers_on_the_trimmed_data(wheel_icu: Path, tmp_path: Path) -> None:
    import json
    import os

    trimmed = icu_trim.trimmed_library(wheel_icu, tmp_path, frozenset({"en", "de"}))
    assert trimmed is not None

    def probe(lib_dir: Path | None) -> dict:
        env = dict(os.environ)
        if lib_dir is not None:
            env["LD_LIBRARY_PATH"] = str(lib_dir)  # searched before libQt6Core's RUNPATH ($ORIGIN)
        proc = subprocess.run(
            [sys.executable, "-c", _QT_ICU_PROBE], env=env, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    full, small = probe(None), probe(trimmed.parent)
    assert len(full) > 1900  # ~640 Qt locales x 3 + converters
    assert all(full[k] for k in full if k.startswith("cnv "))
    assert {k: v for k, v in small.items() if v != full[k]} == {}


def test_the_rebuilt_library_exports_the_same_symbol_and_soname(wheel_icu: Path, tmp_path: Path) -> None:
    out = icu_trim.trimmed_library(wheel_icu, tmp_path)
    assert out == tmp_path / "en" / wheel_icu.name
    symbol, dat = icu_trim.extract(out)
    assert symbol == icu_trim.extract(wheel_icu)[0]
    assert dat == icu_trim.trim(icu_trim.extract(wheel_icu)[1])
    dyn = subprocess.run(["readelf", "-d", str(out)], check=True, capture_output=True, text=True).stdout
    assert f"Library soname: [{wheel_icu.name}]" in dyn
    assert out.stat().st_size < wheel_icu.stat().st_size * 0.4
