"""Pure-Python core: no PySide6 import, ever (checked by import-linter)."""
