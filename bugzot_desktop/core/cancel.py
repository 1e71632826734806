"""Cooperative cancellation: long core calls take a token and check it between steps."""

from __future__ import annotations

import threading

from bugzot_desktop.core.errors import CancelledError


class CancelToken:
    """Thread-safe flag. ``cancel()`` from any thread; ``check()`` raises when set."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise CancelledError()


NEVER = CancelToken()
"""A token nobody cancels, for callers that do not need cancellation."""
