"""Headless sub-commands of `bugzot`; each module has add_parser() and run()."""
