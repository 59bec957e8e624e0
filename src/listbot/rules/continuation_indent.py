from __future__ import annotations

import re
from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import Span
from listbot.rules.base import Context, Rule
from listbot.rules.common import listed_entries

_LEADING = re.compile(r"[ \t]*")


class ContinuationIndent(Rule):
    """An entry's wrapped line (note, authors) that is not indented under its bullet.

    Markdown accepts such "lazy" lines, but they read like a new entry and
    break line-based tools. The fix indents the line to the entry's text.
    (A title split over lines is LB303.)

    Bad:
        * [2502] [STP: Self-play LLM Theorem Provers](https://arxiv.org/abs/2502.00212) (long note
        that goes on) (Stanford)

    Good:
        * [2502] [STP: Self-play LLM Theorem Provers](https://arxiv.org/abs/2502.00212) (long note
          that goes on) (Stanford)
    """

    code = "LB604"
    name = "continuation-indent"
    summary = "an entry's wrapped line that is not indented under its bullet"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        doc = ctx.doc
        for entry in listed_entries(doc):
            width = entry.content_start - doc.line_starts[entry.line - 1]
            title = entry.link.text_span if entry.link else Span(0, 0)
            last_head_line = doc.position(entry.head.end)[0]
            for line in range(entry.line + 1, last_head_line + 1):
                start = doc.line_starts[line - 1]
                if title.start <= start <= title.end:
                    continue
                blanks = _LEADING.match(doc.text, start)
                assert blanks is not None
                if blanks.end() - start < width:
                    edit = ctx.edit(start, blanks.end(), " " * width)
                    message = f"wrapped line is not indented under its bullet (expected {width} spaces)"
                    yield self.report(ctx, Span(start, blanks.end()), message, ctx.fix("indent it", edit))
