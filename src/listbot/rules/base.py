"""What every rule is made of, and the context a rule reports through."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from listbot.config import Config
from listbot.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, diagnostic_at, edit_at
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
        return edit_at(self.doc, start, end, content)

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
        rule = (self.code, self.name, severity or self.severity)
        return diagnostic_at(ctx.doc, span, rule, message, fix, related)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
