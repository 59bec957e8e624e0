"""``path:line:col: CODE message`` lines and a summary, like ruff and flake8.

On a terminal the lines are coloured with rich when it is installed (``--color``,
``NO_COLOR``). Whatever a list or a server put in a message, control characters are
shown escaped, never sent to the terminal.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from listbot.diagnostics import Diagnostic, Severity, describe
from listbot.text import plural, without_controls

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def line(diagnostic: Diagnostic) -> str:
    return without_controls(describe(diagnostic))


def problems_and_notes(diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Errors and warnings are problems; infos are notes (worth knowing, not wrong)."""
    problems = [d for d in diagnostics if d.severity is not Severity.INFO]
    return problems, [d for d in diagnostics if d.severity is Severity.INFO]


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    problems, notes = problems_and_notes(diagnostics)
    noted = f" ({plural(len(notes), 'note')})" if notes else ""
    if not problems:
        return f"All clear: no problems in {plural(files, 'file')}{noted}."
    severities = Counter(d.severity for d in problems)
    parts = ", ".join(
        plural(severities[severity], severity.value)
        for severity in (Severity.ERROR, Severity.WARNING)
        if severities[severity]
    )
    text = f"Found {plural(len(problems), 'problem')} ({parts})"
    text += f" and {plural(len(notes), 'note')}." if notes else "."
    fixable = sum(1 for d in diagnostics if d.fixable)
    if fixable:
        text += f" {fixable} fixable with `listbot fix`."
    unsafe = sum(1 for d in diagnostics if d.fix is not None and not d.fixable)
    if unsafe:
        text += f" ({unsafe} more with `listbot fix --unsafe-fixes`.)"
    return text


def statistics(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per code, most frequent first: count, code, name, and [*] when all are fixable."""
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    width = len(str(max(counts.values(), default=0)))
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "[*]" if fixable[code] == count else "[-]" if fixable[code] else "   "
        rows.append(f"{count:>{width}}\t{code}\t{mark} {names[code]}")
    return "\n".join(rows) + ("\n" if rows else "")


def render(diagnostics: Sequence[Diagnostic], files: int = 1, quiet: bool = False) -> str:
    lines = [line(d) for d in diagnostics]
    if not quiet:
        lines.append(summary(diagnostics, files))
    return "\n".join(lines) + "\n" if lines else ""


def wants_color(choice: str, stream: TextIO | None = None) -> bool:
    """``--color auto`` colours a terminal unless ``NO_COLOR`` is set; rich must be installed."""
    stream = stream or sys.stdout
    if choice == "never" or (choice == "auto" and (os.environ.get("NO_COLOR") or not stream.isatty())):
        return False
    from importlib.util import find_spec

    return find_spec("rich") is not None


def print_colored(
    diagnostics: Sequence[Diagnostic], files: int, quiet: bool, stream: TextIO | None = None
) -> None:
    """The same report as :func:`render`, with the path bold and the code coloured by severity."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream or sys.stdout, force_terminal=True, highlight=False, soft_wrap=True)
    for d in diagnostics:
        text = Text()
        text.append(without_controls(f"{d.path}:{d.line}:{d.column}:"), style="bold")
        text.append(" ")
        text.append(d.code, style=_STYLE[d.severity])
        text.append(" " + without_controls(d.message))
        if d.fixable:
            text.append(" [*]", style="cyan")
        console.print(text)
    if not quiet:
        problems, _ = problems_and_notes(diagnostics)
        console.print(Text(summary(diagnostics, files), style="bold red" if problems else "bold green"))
