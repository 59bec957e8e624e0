from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.text import fold_title


class HeadingDuplicate(Rule):
    """Two sections with the same title at the same level under the same parent.

    Contributors cannot tell which one a paper belongs in, and the second
    section's anchor gets a ``-1`` suffix that tables of contents miss.

    Bad:
        ## Video
        ...
        ## Video

    Good:
        ## Video
        ...
        ## Slides
    """

    code = "LB103"
    name = "heading-duplicate"
    summary = "two sections with the same title at the same level under the same parent"

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        seen: dict[tuple[int | None, int, str], int] = {}
        for section in ctx.doc.sections[1:]:
            folded = fold_title(section.title)
            if not folded:
                continue
            key = (section.parent, section.level, folded)
            if key in seen:
                message = f"duplicate heading {section.title!r} (first on line {seen[key]})"
                yield self.report(ctx, section.span, message, subject=f"heading:{folded}")
            else:
                seen[key] = section.line
