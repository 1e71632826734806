"""`bugzot compress`."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("compress", help="(not yet available)")


def run(args: argparse.Namespace) -> int:
    print("bugzot compress: not yet available")
    return 2
