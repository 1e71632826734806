"""BugZot Desktop: capture a screenshot, mark it up, file a bug report."""

__version__ = "0.1.0"
APP_NAME = "BugZot"
