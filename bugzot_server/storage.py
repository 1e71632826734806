"""File storage on a directory shared by every node: server-generated names only.

Layout under ``root``: ``tmp/`` (uploads being received), ``files/ab/<name>``
(originals) and ``derived/ab/<name>`` (thumbnails and previews). No client-given
name or path ever reaches this layout. No FastAPI here.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Storage:
    """Where originals, derivatives and in-flight uploads live."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp_dir = self.root / "tmp"
        self.files_dir = self.root / "files"
        self.derived_dir = self.root / "derived"
        for d in (self.tmp_dir, self.files_dir, self.derived_dir):
            d.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def new_name() -> str:
        return uuid.uuid4().hex

    def temp_path(self) -> Path:
        """A fresh path in ``tmp/`` for an upload being received."""
        return self.tmp_dir / f"{uuid.uuid4().hex}.part"

    def original_path(self, name: str) -> Path:
        return self.files_dir / name[:2] / name

    def derived_path(self, name: str) -> Path:
        return self.derived_dir / name[:2] / name

    def derived_subdir(self, stem: str) -> Path:
        d = self.derived_dir / stem[:2]
        d.mkdir(exist_ok=True)
        return d

    def store(self, temp: Path) -> str:
        """Make a temp file durable and move it to a new server-generated name; return the name."""
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        name = self.new_name()
        final = self.original_path(name)
        final.parent.mkdir(exist_ok=True)
        os.replace(temp, final)
        fsync_dir(final.parent)
        return name

    def remove_original(self, name: str) -> None:
        self.original_path(name).unlink(missing_ok=True)

    def clean_tmp(self, older_than: float = 3600.0) -> int:
        """Remove uploads left behind by a crash; returns how many were removed."""
        cutoff = time.time() - older_than
        removed = 0
        for p in self.tmp_dir.iterdir():
            try:
                if p.stat().st_mtime < cutoff:
                    p.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    def old_originals(self, older_than: float) -> list[Path]:
        """Originals last changed more than ``older_than`` seconds ago (candidates for the orphan sweep)."""
        cutoff = time.time() - older_than
        out = []
        for p in self.files_dir.glob("*/*"):
            try:
                if p.is_file() and p.stat().st_mtime < cutoff:
                    out.append(p)
            except FileNotFoundError:
                pass
        return out

    def count_files(self) -> int:
        """Originals on disk (tests and the load bench compare this with the rows)."""
        return sum(1 for p in self.files_dir.rglob("*") if p.is_file())
