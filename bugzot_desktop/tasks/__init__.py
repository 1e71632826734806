"""Qt tasks: QtCore/QtGui only, no widgets. QRunnables, the runner, the flusher, capture."""
