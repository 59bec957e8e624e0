"""`listbot pr`: arguments only here; PyGithub is imported when the command runs."""

from __future__ import annotations

import argparse
import sys


def add_pr_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pr = commands.add_parser("pr", help="review a pull request (GitHub Actions)")
    pr.add_argument("--dry-run", action="store_true", help="print the review as JSON; post nothing")


def run_pr(args: argparse.Namespace) -> int:
    print("listbot: error: `listbot pr` is not built yet", file=sys.stderr)
    return 2
