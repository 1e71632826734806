"""Staging attachments off the GUI thread: save captured/pasted images, make thumbnails.

A plain-text attachment (a log, .txt, .json …; see core/filetypes.py) gets a generic
text picture instead of a thumbnail.

Both tasks get plain data (a QImage, a path) and return plain data; they never touch
a widget. PNG encoding and image decoding are the slow parts, so neither runs on the
GUI thread.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter, QPainter, QPen

from bugzot_desktop.core import (
    filetypes,
    imaging,  # imported on the GUI thread at start-up: a first import on a worker holds the GIL ~100 ms
    procpool,
)
from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text
from bugzot_desktop.tasks.runner import Task

THUMBNAIL_EDGE = 96


@dataclass(frozen=True)
class Thumbnail:
    """A checked file and its small picture for the attachment list; ``kind`` is "image" or "text"."""

    path: Path
    image: QImage
    width: int
    height: int
    kind: str = "image"


def _check_file(path: Path, name: str) -> filetypes.FileKind:
    """Refuse files that are neither images nor plain text, by content; the message names the file."""
    if filetypes.looks_like_text(path):
        return filetypes.check_file(path, name=name)  # reading text is cheap: no worker process needed
    return procpool.check_in_process(path, name=name)  # a full decode: keep it off this process's GIL


def text_icon(edge: int = THUMBNAIL_EDGE) -> QImage:
    """A generic picture of a text page (a sheet with a folded corner and lines)."""
    image = QImage(edge, edge, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = edge * 0.62, edge * 0.8
    x, y = (edge - w) / 2, (edge - h) / 2
    fold = w * 0.28
    p.setPen(QPen(QColor(90, 90, 90), max(1.0, edge / 48)))
    p.setBrush(QColor(250, 250, 250))
    p.drawRect(QRectF(x, y, w, h))
    p.drawLine(int(x + w - fold), int(y), int(x + w), int(y + fold))
    p.setPen(QPen(QColor(150, 150, 150), max(1.0, edge / 64)))
    for i in range(5):
        ly = y + fold + 6 + i * (h - fold - 12) / 5
        p.drawLine(int(x + w * 0.15), int(ly), int(x + w * (0.85 if i % 2 == 0 else 0.65)), int(ly))
    p.end()
    return image


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
            raise ImageError(Text(QT_TRANSLATE_NOOP("core", "The image for {name} is empty; nothing was saved."), name=f"{self._stem}.png"))
        final = self._dest_dir / f"{self._stem}-{uuid.uuid4().hex[:8]}.png"
        tmp = final.with_name(f".{final.name}.part")

        def cannot_save(reason: str) -> ImageError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return ImageError(
                Text(QT_TRANSLATE_NOOP("core", "Could not save {name} in {folder}: {reason}."),
                     name=final.name, folder=str(self._dest_dir), reason=reason),
                path=str(final),
            )

        try:
            self._dest_dir.mkdir(parents=True, exist_ok=True)
            writer = QImageWriter(str(tmp), b"png")
            if not writer.write(self._image):
                raise cannot_save(writer.errorString())
            self.cancel_token.check()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:  # a read-only or full data dir: say where, not "OSError(30, ...)"
            raise cannot_save(exc.strerror or str(exc)) from None
        return final


class ThumbnailTask(Task):
    """Check that ``path`` is an image (thumbnail) or plain text (text icon); result: :class:`Thumbnail`."""

    name = "thumbnail"

    def __init__(self, path: Path, edge: int = THUMBNAIL_EDGE) -> None:
        super().__init__()
        self._path = Path(path)
        self._edge = edge

    def work(self) -> Thumbnail:
        path, name = self._path, self._path.name
        if not path.is_file():
            if path.exists() and not path.is_dir():  # a pipe, a device: reading it may never end
                raise ImageError(Text(QT_TRANSLATE_NOOP("core", "{name} is not a regular file (a pipe, device or socket); "
                                                        "save the image to a file and attach that."), name=name),
                                 path=str(path))
            raise ImageError(
                Text(QT_TRANSLATE_NOOP("core", "{name} could not be attached: the file does not exist or is not a file."), name=name),
                path=str(path),
            )
        kind = _check_file(path, name)
        self.cancel_token.check()
        if kind.kind == "text":
            return Thumbnail(path=path, image=text_icon(self._edge), width=0, height=0, kind="text")
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # honour EXIF orientation, as the upload will
        size = reader.size()
        if size.isValid() and (size.width() > self._edge or size.height() > self._edge):
            # Decoding at the small size is far cheaper than decoding and scaling.
            reader.setScaledSize(size.scaled(QSize(self._edge, self._edge), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull() and kind.kind == "image":
            image = self._pillow_thumbnail(path, name)  # no Qt plugin for it (AVIF, HEIC): Pillow has one
        if image.isNull():
            raise ImageError(
                Text(QT_TRANSLATE_NOOP("core", "{name} is not an image BugZot can read ({reason}); it was not attached."),
                     name=name, reason=reader.errorString()),
                path=str(path),
            )
        if image.width() > self._edge or image.height() > self._edge:
            image = image.scaled(self._edge, self._edge, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        full = size if size.isValid() else image.size()
        if not size.isValid() and kind.width and kind.height:
            full = QSize(kind.width, kind.height)
        return Thumbnail(path=path, image=image, width=full.width(), height=full.height())

    def _pillow_thumbnail(self, path: Path, name: str) -> QImage:
        try:
            w, h, rgba = procpool.run_in_process(imaging.preview_rgba, path, self._edge, name=name,
                                                 cancel=self.cancel_token)
        except ImageError:
            return QImage()
        return QImage(rgba, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()  # copy: own the pixels
