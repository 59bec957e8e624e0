"""What every rule is made of, and the context a rule reports through."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from listbot.config import Config
from listbot.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from listbot.model import Document, Span


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@dataclass(slots=True)
class Context:
    """What a rule sees: the document, the whole config, and its own options."""

    doc: Document
    config: Config
    options: BaseModel

    def edit(self, start: int, end: int, content: str) -> Edit:
        line, column = self.doc.position(start)
        end_line, end_column = self.doc.position(end)
        return Edit(start, end, content, line, column, end_line, end_column)

    def fix(self, message: str, *edits: Edit, unsafe: bool = False) -> Fix:
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        return Fix(message=message, edits=tuple(edits), applicability=applicability)


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`check`.

    The class docstring is the rule's documentation; it holds a ``Bad:`` and a
    ``Good:`` example, and the rule reference is generated from it.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[bool] = False
    Options: ClassVar[type[BaseModel]] = NoOptions

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def report(
        self,
        ctx: Context,
        span: Span,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
        related: tuple[int, str] | None = None,
    ) -> Diagnostic:
        line, column = ctx.doc.position(span.start)
        end_line, end_column = ctx.doc.position(max(span.start, span.end))
        return Diagnostic(
            path=ctx.doc.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=self.code,
            name=self.name,
            message=message,
            severity=severity or self.severity,
            fix=fix,
            related=related,
            start=span.start,
            end=span.end,
        )

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
