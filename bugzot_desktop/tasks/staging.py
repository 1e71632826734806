"""Staging attachments off the GUI thread: save captured/pasted images, make thumbnails.

Both tasks get plain data (a QImage, a path) and return plain data; they never touch
a widget. PNG encoding and image decoding are the slow parts, so neither runs on the
GUI thread.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QImageWriter

from bugzot_desktop.core import (
    imaging,  # noqa: F401 - imported on the GUI thread at start-up: a first import on a worker holds the GIL ~100 ms
    procpool,
)
from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.tasks.runner import Task

THUMBNAIL_EDGE = 96


@dataclass(frozen=True)
class Thumbnail:
    """A checked image file and its small picture for the attachment list."""

    path: Path
    image: QImage
    width: int
    height: int


def _check_image(path: Path, name: str) -> None:
    """Refuse files that are not images, by content; the message names the file."""
    procpool.sniff_in_process(path, name=name)  # a full decode: keep it off this process's GIL


class SaveImageTask(Task):
    """Encode a QImage as PNG into ``dest_dir`` (temp file, fsync, rename); result: the Path."""

    name = "save image"

    def __init__(self, image: QImage, dest_dir: Path, stem: str) -> None:
        super().__init__()
        self._image = QImage(image)  # a shallow copy we own; the GUI never paints into it
        self._dest_dir = Path(dest_dir)
        self._stem = stem

    def work(self) -> Path:
        if self._image.isNull():
            raise ImageError(f"The image for {self._stem}.png is empty; nothing was saved.")
        self._dest_dir.mkdir(parents=True, exist_ok=True)
        final = self._dest_dir / f"{self._stem}-{uuid.uuid4().hex[:8]}.png"
        tmp = final.with_name(f".{final.name}.part")
        writer = QImageWriter(str(tmp), b"png")
        if not writer.write(self._image):
            tmp.unlink(missing_ok=True)
            raise ImageError(f"Could not save {final.name} in {self._dest_dir}: {writer.errorString()}.", path=str(final))
        self.cancel_token.check()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        return final


class ThumbnailTask(Task):
    """Check that ``path`` is an image and make a thumbnail; result: :class:`Thumbnail`."""

    name = "thumbnail"

    def __init__(self, path: Path, edge: int = THUMBNAIL_EDGE) -> None:
        super().__init__()
        self._path = Path(path)
        self._edge = edge

    def work(self) -> Thumbnail:
        path, name = self._path, self._path.name
        if not path.is_file():
            raise ImageError(f"{name} could not be attached: the file does not exist or is not a file.", path=str(path))
        _check_image(path, name)
        self.cancel_token.check()
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # honour EXIF orientation, as the upload will
        size = reader.size()
        if size.isValid() and (size.width() > self._edge or size.height() > self._edge):
            # Decoding at the small size is far cheaper than decoding and scaling.
            reader.setScaledSize(size.scaled(QSize(self._edge, self._edge), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            raise ImageError(
                f"{name} is not an image BugZot can read ({reader.errorString()}); it was not attached.",
                path=str(path),
            )
        if image.width() > self._edge or image.height() > self._edge:
            image = image.scaled(self._edge, self._edge, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        full = size if size.isValid() else image.size()
        return Thumbnail(path=path, image=image, width=full.width(), height=full.height())
