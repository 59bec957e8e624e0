"""``path:line:col: CODE message`` lines and a summary, like ruff and flake8."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from listbot.diagnostics import Diagnostic


def line(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}"


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    if not diagnostics:
        return f"All clear: no problems in {files} file{'s' if files != 1 else ''}."
    severities = Counter(d.severity.value for d in diagnostics)
    parts = ", ".join(
        f"{severities[s]} {s}{'s' if severities[s] != 1 else ''}"
        for s in ("error", "warning", "info")
        if severities[s]
    )
    fixable = sum(1 for d in diagnostics if d.fixable)
    total = len(diagnostics)
    text = f"Found {total} problem{'s' if total != 1 else ''} ({parts})."
    if fixable:
        text += f" {fixable} fixable with `listbot fix`."
    return text


def render(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    lines = [line(d) for d in diagnostics]
    lines.append(summary(diagnostics, files))
    return "\n".join(lines) + "\n"
