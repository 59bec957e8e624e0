"""What every run leaves behind: the job summary, step outputs and the exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from listbot.diagnostics import Diagnostic
from listbot.report.github import annotation

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
LEVELS = {"error": 3, "warning": 2, "info": 1, "never": 99}


def exit_code(diagnostics: Sequence[Diagnostic], fail_on: str) -> int:
    """1 when a diagnostic is at least as severe as ``fail_on``; 0 otherwise."""
    threshold = LEVELS[fail_on]
    failing = any(d.severity.rank >= threshold for d in diagnostics)
    return EXIT_PROBLEMS if failing else EXIT_CLEAN


def _append(path: str | None, text: str) -> None:
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        print(f"listbot: warning: cannot write {path}: {error.strerror or error}", file=sys.stderr)


def write_step_summary(path: str | None, markdown: str) -> None:
    _append(path, markdown if markdown.endswith("\n") else markdown + "\n")


def write_outputs(path: str | None, counts: dict[str, int]) -> None:
    _append(path, "".join(f"{key}={value}\n" for key, value in counts.items()))


def print_annotations(diagnostics: Sequence[Diagnostic]) -> None:
    """Workflow commands GitHub shows on the diff when the bot cannot comment."""
    for diagnostic in sorted(diagnostics, key=lambda d: (-d.severity.rank, d.sort_key)):
        print(annotation(diagnostic))
