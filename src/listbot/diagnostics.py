"""What rules report: diagnostics, their severity, and fixes as text edits.

A fix also declares what it changes in the rendered list (:class:`Change`), so the
render check in :mod:`listbot.rail` can refuse an edit that would change more.

Edits, fixes and diagnostics are never changed once made (a new one is made with
``dataclasses.replace``) and hash by value, but are not frozen dataclasses: a file can
hold a hundred thousand findings, and a frozen dataclass takes four times as long to build.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from listbot.model import Document, Span

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self.value]


_RANKS = {"error": 3, "warning": 2, "info": 1}
FAIL_ON_RANKS = {**_RANKS, "never": 99}  # `--fail-on` thresholds


def fails(diagnostics: list[Diagnostic], fail_on: str) -> bool:
    """Whether any diagnostic is at least as severe as ``fail_on`` (error, warning, info, never)."""
    threshold = FAIL_ON_RANKS[fail_on]
    return any(diagnostic.severity.rank >= threshold for diagnostic in diagnostics)


class Applicability(StrEnum):
    SAFE = "safe"  # `listbot fix` applies it
    UNSAFE = "unsafe"  # only with `listbot fix --unsafe-fixes`: it may change meaning


class Change(StrEnum):
    """What a fix changes in the rendered list (checked before anything is written)."""

    WHITESPACE = "whitespace"  # nothing visible: spacing, indentation, a joined line
    HREF = "href"  # only where links point
    WORDS = "words"  # the words it declares (`removes` -> `adds`), nothing else
    REORDER = "reorder"  # whole entries change places; no word is lost or added
    DUPLICATE = "duplicate"  # removes an entry identical to one that stays


@dataclass(slots=True, unsafe_hash=True)
class Edit:
    """Replace the text between two offsets (and their 1-based positions) by ``content``."""

    start: int
    end: int
    content: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Fix:
    """A set of edits that repair one diagnostic; applied all together or not at all."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    change: Change = Change.WHITESPACE
    removes: tuple[str, ...] = ()  # for Change.WORDS: the visible words it takes away
    adds: tuple[str, ...] = ()  # ... and the ones it writes
    keeps: str = ""  # for Change.DUPLICATE: the Markdown of the identical entry that stays
    links: tuple[str, ...] = ()  # for Change.WORDS: link targets it creates (a repaired link)


@dataclass(frozen=True, slots=True)
class Related:
    """The other place a diagnostic is about (the first copy of a duplicate)."""

    line: int
    message: str  # the problem as seen from there


@dataclass(slots=True, unsafe_hash=True)
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
    related: Related | None = None
    # Why a fix is not offered although the rule has one (the render check refused it).
    fix_refused: str | None = None
    # What the diagnostic is about, stable when lines move: a paper id or a folded title.
    subject: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    @property
    def fixable(self) -> bool:
        """`listbot fix` repairs it (unsafe fixes need ``--unsafe-fixes`` and are not counted)."""
        return self.fix is not None and self.fix.applicability is Applicability.SAFE

    @property
    def last_line(self) -> int:
        """The last line the diagnostic covers (its end is exclusive)."""
        end = self.end_line or self.line
        if end > self.line and self.end_column <= 1:
            end -= 1
        return max(end, self.line)


def describe(diagnostic: Diagnostic) -> str:
    """The one-line form every text output uses: ``path:line:col: CODE message``."""
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}"


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
    related: Related | None = None,
    subject: str = "",
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
        subject=subject,
    )
