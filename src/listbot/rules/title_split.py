from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries

_BREAK = re.compile(r"[ \t]*\n[ \t]*")


class TitleSplit(Rule):
    """Link text broken over two lines.

    It usually comes from copying a title out of a PDF. It renders, but the
    entry no longer fits one line, so diffs, sorting and searches break. The
    fix joins the lines with one space.

    Bad:
        * [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in
        Agentic Tasks](https://arxiv.org/abs/2502.08235)

    Good:
        * [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in Agentic Tasks](https://arxiv.org/abs/2502.08235)
    """

    code = "LB303"
    name = "title-split"
    summary = "link text broken over two lines"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in listed_entries(ctx.doc):
            link = entry.link
            if link is None or "\n" not in link.text:
                continue
            edits = [
                ctx.edit(link.text_span.start + m.start(), link.text_span.start + m.end(), " ")
                for m in _BREAK.finditer(link.text)
            ]
            yield self.report(
                ctx, link.span, "link text is split over lines", ctx.fix("join the title", *edits)
            )
