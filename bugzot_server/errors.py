"""The server's one error type for refusals: an HTTP status and a sentence naming the field or file.

Raised below the routers (no FastAPI import); ``main.py`` turns it into
``{"detail": message}`` with the status.
"""

from __future__ import annotations


class ClientError(Exception):
    """A request the server refuses: 4xx with a message that says what to change."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def too_large(message: str) -> ClientError:
    return ClientError(413, message)


def unprocessable(message: str) -> ClientError:
    return ClientError(422, message)
