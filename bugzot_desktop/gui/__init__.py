"""Widgets: show state and turn user intent into calls. No business logic here."""
