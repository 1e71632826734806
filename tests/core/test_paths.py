"""core/paths.py: the data dir is made private; a folder the user named keeps its permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bugzot_desktop.core import paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def platform_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "bugzot"


def test_a_new_data_dir_is_private(tmp_path: Path) -> None:
    made = paths.data_dir(tmp_path / "a" / "b")
    assert made == (tmp_path / "a" / "b").resolve()
    assert _mode(made) == 0o700


def test_the_platform_default_is_made_private(platform_home: Path) -> None:
    platform_home.mkdir(parents=True, mode=0o755)
    os.chmod(platform_home, 0o755)  # an older version left it readable by others
    assert paths.data_dir() == platform_home.resolve()
    assert _mode(platform_home) == 0o700


def test_a_folder_the_user_named_keeps_its_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "team"
    shared.mkdir()
    os.chmod(shared, 0o750)
    assert paths.data_dir(shared) == shared.resolve()
    assert _mode(shared) == 0o750
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(shared))
    assert paths.data_dir() == shared.resolve()
    assert _mode(shared) == 0o750
