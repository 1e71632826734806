"""The mark-up editor's parts: tools, graphics items, undo commands and the canvas."""
