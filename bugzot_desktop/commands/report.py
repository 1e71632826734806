"""`bugzot report`."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("report", help="(not yet available)")


def run(args: argparse.Namespace) -> int:
    print("bugzot report: not yet available")
    return 2
