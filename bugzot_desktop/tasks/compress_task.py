"""CompressTask: one attachment through core.imaging on a pool thread.

The task gets plain data (paths and numbers) and opens its own ``Image`` inside
``work()``, so no image object is ever shared between threads; the encoder
writes into a real file, which releases the GIL and keeps the GUI responsive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bugzot_desktop.core import imaging
from bugzot_desktop.core.imaging import CompressResult
from bugzot_desktop.tasks.runner import Task


@dataclass(frozen=True)
class CompressOptions:
    """How to compress: the longest edge and the byte budget for photos (from Settings)."""

    max_edge: int = imaging.DEFAULT_MAX_EDGE
    byte_budget: int = imaging.DEFAULT_BYTE_BUDGET
    stem: str | None = None


class CompressTask(Task):
    """Compress ``src`` into ``out_dir``; succeeds with a :class:`CompressResult`.

    Fails with the :class:`~bugzot_desktop.core.errors.ImageError` message (it
    names the file); cancelling stops it between pipeline steps and removes its
    scratch files. Signals: those of :class:`~bugzot_desktop.tasks.runner.TaskSignals`.
    """

    name = "compress"

    def __init__(self, src: Path | str, out_dir: Path | str, options: CompressOptions | None = None) -> None:
        super().__init__()
        self.src = Path(src)
        self.out_dir = Path(out_dir)
        self.options = options or CompressOptions()

    def work(self) -> CompressResult:
        o = self.options
        self.report_progress(0, 1)
        result = imaging.compress(
            self.src, self.out_dir, max_edge=o.max_edge, byte_budget=o.byte_budget, cancel=self.cancel_token,
            stem=o.stem,
        )
        if self.cancel_token.cancelled:
            result.path.unlink(missing_ok=True)  # cancelled during the last step: leave nothing behind
            self.cancel_token.check()
        self.report_progress(1, 1)
        return result
