"""BugZot server: stores bug reports sent by the desktop app, with a JSON API and HTML pages."""

from bugzot_desktop import __version__

__all__ = ["__version__"]
