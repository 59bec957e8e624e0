"""What every rule is made of, and the context a rule reports through."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from listbot.config import Config
from listbot.diagnostics import (
    Applicability,
    Change,
    Diagnostic,
    Edit,
    Fix,
    Related,
    Severity,
    diagnostic_at,
    edit_at,
)
from listbot.model import Document, Entry, Span
from listbot.profile import Profile, SectionKind


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(BaseModel):
    """Base of a rule's options: ``[tool.listbot.rules.<name>]``; unknown keys refused."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True
    )


class NoOptions(RuleOptions):
    pass


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: the document, the config, the list's profile and its own options.

    Network rules also get what the network said: ``outcomes`` (the link checker's
    verdicts by request URL) and ``metadata`` (a :class:`listbot.metadata.refs.MetadataAnswers`:
    the paper and code findings of a ``--metadata`` run, filed by what each entry links).
    """

    doc: Document
    config: Config
    profile: Profile
    options: Any = field(default_factory=NoOptions)
    outcomes: Mapping[str, Any] | None = None
    metadata: Any = None

    def edit(self, start: int, end: int, content: str) -> Edit:
        return edit_at(self.doc, start, end, content)

    def fix(
        self,
        message: str,
        *edits: Edit,
        unsafe: bool = False,
        change: Change = Change.WHITESPACE,
        removes: tuple[str, ...] = (),
        adds: tuple[str, ...] = (),
        keeps: str = "",
        links: tuple[str, ...] = (),
    ) -> Fix:
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        return Fix(message, tuple(edits), applicability, change, removes, adds, keeps, links)

    def entries(self, *kinds: SectionKind) -> Iterator[Entry]:
        """Entries of sections of the given kinds (of every non-prose section when none is given)."""
        wanted = kinds or (SectionKind.DATED, SectionKind.LINKS)
        sections = self.profile.sections
        for entry in self.doc.entries:
            if sections[entry.section].kind in wanted:
                yield entry


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`check`.

    The class docstring is the rule's documentation; it holds a ``Bad:`` and a
    ``Good:`` example, and the rule reference is generated from it and from the
    ``Options`` model (each field's default and description).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[bool] = False
    Options: ClassVar[type[RuleOptions]] = NoOptions
    network: ClassVar[str | None] = None  # "links" or "metadata": runs only with that network check

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def report(
        self,
        ctx: Context,
        span: Span,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
        related: Related | None = None,
        subject: str = "",
    ) -> Diagnostic:
        rule = (self.code, self.name, severity or self.severity)
        return diagnostic_at(ctx.doc, span, rule, message, fix, related, subject)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
