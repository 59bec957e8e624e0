from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule


class HeadingIncrement(Rule):
    """A heading that skips a level.

    Heading levels should go down one at a time, so that the outline (and the
    table of contents GitHub builds) nests correctly.

    Bad:
        ## Papers
        #### Reward models

    Good:
        ## Papers
        ### Reward models
    """

    code = "LB102"
    name = "heading-increment"
    summary = "a heading that skips a level (## then ####)"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        previous = 0
        for section in ctx.doc.sections[1:]:
            if previous and section.level > previous + 1:
                yield self.report(
                    ctx,
                    section.span,
                    f"heading level {section.level} follows level {previous}; expected {previous + 1}",
                )
            previous = section.level
