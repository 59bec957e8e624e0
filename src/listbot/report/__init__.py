"""Reporters: how diagnostics look. Each takes diagnostics and returns text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from listbot.diagnostics import Diagnostic


def render(name: str, diagnostics: Sequence[Diagnostic], files: int = 1, quiet: bool = False) -> str:
    reporter: Callable[..., str]
    if name == "json":
        from listbot.report.json import render as reporter
    elif name == "github":
        from listbot.report.github import render as reporter
    elif name == "sarif":
        from listbot.report.sarif import render as reporter
    else:
        from listbot.report.text import render as text

        return text(diagnostics, files, quiet)
    return reporter(diagnostics, files)
