"""What rules report: diagnostics, their severity, and fixes as text edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from listbot.model import Document, Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Applicability(StrEnum):
    SAFE = "safe"  # `listbot fix` applies it
    UNSAFE = "unsafe"  # only with `listbot fix --unsafe-fixes`: it may change meaning


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two offsets (and their 1-based positions) by ``content``."""

    start: int
    end: int
    content: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that repair one diagnostic; applied all together or not at all."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(slots=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based; the end is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    message: str
    severity: Severity
    fix: Fix | None = None
    # For problems between two entries (duplicates): the other entry's line, and the
    # message as seen from there. The PR bot uses it when only that entry is new.
    related: tuple[int, str] | None = None
    start: int = field(default=0, repr=False)  # offsets, for mapping onto entries and diffs
    end: int = field(default=0, repr=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is Applicability.SAFE


def edit_at(doc: Document, start: int, end: int, content: str) -> Edit:
    """An edit of ``doc``'s text between two offsets, with its 1-based positions."""
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Edit(start, end, content, line, column, end_line, end_column)


def diagnostic_at(
    doc: Document,
    span: Span,
    rule: tuple[str, str, Severity],
    message: str,
    fix: Fix | None = None,
    related: tuple[int, str] | None = None,
) -> Diagnostic:
    """A diagnostic of rule ``(code, name, severity)`` on ``span`` of ``doc``."""
    code, name, severity = rule
    line, column = doc.position(span.start)
    end_line, end_column = doc.position(max(span.start, span.end))
    return Diagnostic(
        path=doc.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=code,
        name=name,
        message=message,
        severity=severity,
        fix=fix,
        related=related,
        start=span.start,
        end=span.end,
    )
