"""`bugzot capture`."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("capture", help="(not yet available)")


def run(args: argparse.Namespace) -> int:
    print("bugzot capture: not yet available")
    return 2
