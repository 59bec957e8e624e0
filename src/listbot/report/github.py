"""GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

from __future__ import annotations

from collections.abc import Sequence

from listbot.diagnostics import Diagnostic

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    props = (
        f"file={_escape_property(d.path)},line={d.line},col={d.column},"
        f"endLine={d.end_line},endColumn={d.end_column},title={_escape_property(f'{d.code} {d.name}')}"
    )
    return f"::{_LEVEL[d.severity.value]} {props}::{_escape_data(f'{d.code} {d.message}')}"


def render(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    return "".join(annotation(d) + "\n" for d in diagnostics)
