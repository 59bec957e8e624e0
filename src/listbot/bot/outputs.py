"""What every run leaves behind: the job summary, step outputs and the exit code.

Exit codes: 0 the check passes, 1 problems on added lines at least as severe as
``fail-on``, 2 the review could not run (bad input or config, GitHub unreachable, an
internal error): an error is never reported as a finding.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from listbot.diagnostics import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS, Diagnostic, fails
from listbot.report.github import annotation

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_PROBLEMS", "could_not_run", "exit_code"]


def exit_code(diagnostics: Sequence[Diagnostic], fail_on: str) -> int:
    """1 when a diagnostic is at least as severe as ``fail_on``; 0 otherwise."""
    return EXIT_PROBLEMS if fails(list(diagnostics), fail_on) else EXIT_CLEAN


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


def could_not_run(step_summary: str | None, message: str) -> int:
    """One line on stderr, a job summary that says the review did not run; exit 2."""
    from listbot.bot.escape import clean, text

    line = clean(message, 500)
    print(f"listbot: error: {line}", file=sys.stderr)
    write_step_summary(
        step_summary,
        f"## listbot review\n\n:warning: **The review could not run**: {text(line, 500)}\n\n"
        "This is not a finding about the list; re-run the job, or see the log.\n",
    )
    return EXIT_ERROR


def print_annotations(diagnostics: Sequence[Diagnostic]) -> None:
    """Workflow commands GitHub shows on the diff when the bot cannot comment."""
    for diagnostic in sorted(diagnostics, key=lambda d: (-d.severity.rank, d.sort_key)):
        print(annotation(diagnostic))
