"""Typed errors: the one vocabulary every layer uses to talk about failure.

Core raises these; tasks turn them into a ``failed`` signal; the UI shows
``str(error)`` in one place. Every message says what happened and, where it
helps, what was kept and what to do.
"""

from __future__ import annotations


class BugzotError(Exception):
    """Base class; ``str(err)`` is a complete user-facing sentence."""


class BadInputError(BugzotError):
    """Local input the user can fix: a field, a file, an option. Never retried."""

    def __init__(self, message: str, *, field: str | None = None, path: str | None = None):
        super().__init__(message)
        self.field = field
        self.path = path


class ImageError(BadInputError):
    """A file that is not an image we can handle (names the file)."""


class CancelledError(BugzotError):
    """Work stopped because its cancel token was set. Not shown to users."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class TransientError(BugzotError):
    """Worth retrying later: offline, timeout, connection reset, 408, 429, 5xx."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class PermanentError(BugzotError):
    """The server refused the report for good (4xx other than 408/429)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class OutboxCorruptError(BugzotError):
    """The outbox database could not be opened; it was moved aside."""
