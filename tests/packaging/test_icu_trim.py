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


def test_trim_drops_exactly_the_listed_trees_and_items(wheel_icu: Path) -> None:
    _symbol, dat = icu_trim.extract(wheel_icu)
    _header, before = icu_trim.parse(dat)
    _header, after = icu_trim.parse(icu_trim.trim(dat))

    def dropped(name: str) -> bool:
        parts = name.split("/")
        return (len(parts) > 2 and parts[1] in icu_trim.DROP_TREES) or (
            len(parts) == 2 and parts[1] in icu_trim.DROP_ITEMS
        )

    assert after == [(n, item) for n, item in before if not dropped(n)]
    kept_trees = {n.split("/")[1] for n, _ in after if n.count("/") > 1}
    assert {"coll", "zone"} <= kept_trees and not kept_trees & set(icu_trim.DROP_TREES)


def test_the_rebuilt_library_exports_the_same_symbol_and_soname(wheel_icu: Path, tmp_path: Path) -> None:
    out = icu_trim.trimmed_library(wheel_icu, tmp_path)
    assert out == tmp_path / wheel_icu.name
    symbol, dat = icu_trim.extract(out)
    assert symbol == icu_trim.extract(wheel_icu)[0]
    assert dat == icu_trim.trim(icu_trim.extract(wheel_icu)[1])
    dyn = subprocess.run(["readelf", "-d", str(out)], check=True, capture_output=True, text=True).stdout
    assert f"Library soname: [{wheel_icu.name}]" in dyn
    assert out.stat().st_size < wheel_icu.stat().st_size * 0.6
