from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import TitleSource
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.text import blanks_end


def line_breaks(text: str) -> Iterator[tuple[int, int]]:
    """Each line break of ``text`` with the blanks around it, as ``[ \\t]*\\n[ \\t]*`` finds them,
    in one pass (the pattern tried each blank of a long run against the rest of it: quadratic)."""
    position, line_break = 0, text.find("\n")
    while line_break != -1:
        start = position + len(text[position:line_break].rstrip(" \t"))
        end = blanks_end(text, line_break + 1)
        yield start, end
        position, line_break = end, text.find("\n", end)


class TitleSplit(Rule):
    """A title broken over two lines.

    It usually comes from copying a title out of a PDF. It renders, but the
    entry no longer fits one line, so diffs, sorting and searches break. The
    fix joins the lines with one space (link text, bold or quoted titles).

    Bad:
        * [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in
        Agentic Tasks](https://arxiv.org/abs/2502.08235)

    Good:
        * [2502] [The Danger of Overthinking: Examining the Reasoning-Action Dilemma in Agentic Tasks](https://arxiv.org/abs/2502.08235)
    """

    code = "LB303"
    name = "title-split"
    summary = "a title broken over two lines"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in ctx.entries():
            title = entry.title
            if title is None or "\n" not in title.text or title.source is TitleSource.PLAIN:
                continue
            edits = [
                ctx.edit(title.span.start + start, title.span.start + end, " ")
                for start, end in line_breaks(title.text)
            ]
            span = entry.title_link.span if entry.title_link else title.span
            yield self.report(
                ctx,
                span,
                "title is split over lines",
                ctx.fix("join the title", *edits),
                subject=subject(entry),
            )
