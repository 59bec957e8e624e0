from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic, Severity
from listbot.rules.base import Context, Rule


class HeadingEmpty(Rule):
    """A heading with no text.

    An empty heading renders as an empty bar and cannot be linked to; it is
    usually a section someone started and never filled.

    Bad:
        ###

    Good:
        ### Process-based Reward Model
    """

    code = "LB101"
    name = "heading-empty"
    summary = "a heading with no text"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for section in ctx.doc.sections[1:]:
            if not section.title.strip():
                yield self.report(ctx, section.span, f"level-{section.level} heading has no text")
