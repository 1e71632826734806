"""Fixtures for the packaging tests: the bundle is built once per session, like `make package`."""

from __future__ import annotations

from types import ModuleType

import pytest
from packaging_helpers import Built, load_build_module, report_line, run_build


@pytest.fixture(scope="session")
def build_mod() -> ModuleType:
    """packaging/build.py, imported."""
    return load_build_module()


@pytest.fixture(scope="session")
def built(request: pytest.FixtureRequest, build_mod: ModuleType) -> Built:
    """dist/bugzot/ and its archive, built once for the session (no .deb: test_deb builds that)."""
    proc, elapsed = run_build("--no-deb")
    system, arch = build_mod.os_arch()
    archive = build_mod.DIST / f"bugzot-{build_mod.__version__}-{system}-{arch}.tar.gz"
    bundle = build_mod.BUNDLE
    report_line(
        request.config,
        f"[packaging] bundle + archive built in {elapsed:.1f} s: {build_mod.mb(build_mod.tree_size(bundle))} unpacked, "
        f"archive {build_mod.mb(archive.stat().st_size)}",
    )
    return Built(bundle=bundle, launcher=bundle / "bugzot", archive=archive, seconds=elapsed)


