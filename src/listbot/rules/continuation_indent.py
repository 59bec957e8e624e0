from __future__ import annotations

from collections.abc import Iterable, Iterator

from listbot.diagnostics import Diagnostic
from listbot.model import Span
from listbot.parse.blocks import is_delimiter_row
from listbot.profile import lazy_lines
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject
from listbot.text import blanks_end


class ContinuationIndent(Rule):
    """An entry's wrapped line (note, authors) that is not indented under its bullet.

    Markdown accepts such "lazy" lines, but they read like a new entry and
    break line-based tools. The fix indents the line to the entry's text; lines
    that read as a table (a header, then a delimiter row) are reported but not
    indented, since indented they become a table inside the item. Lists that
    write their continuation lines lazily throughout are left alone.
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
        if ctx.profile.conventions.continuation == "lazy":
            return
        doc = ctx.doc
        for entry in ctx.entries():
            width = entry.content_start - doc.line_starts[entry.line - 1]
            lines = lazy_lines(doc, entry)
            table = _makes_a_table(doc.line_text(line) for line in lines)
            for line in lines:
                start = doc.line_starts[line - 1]
                blanks = blanks_end(doc.text, start)
                edit = ctx.edit(start, blanks, " " * width)
                message = f"wrapped line is not indented under its bullet (expected {width} spaces)"
                yield self.report(
                    ctx,
                    Span(start, blanks),
                    message,
                    None if table else ctx.fix("indent it", edit),
                    subject=subject(entry),
                )


def _makes_a_table(lines: Iterable[str]) -> bool:
    """Wrapped lines that read as a table's header and delimiter rows: lazy, they are the item's
    text (a line break included); indented, GitHub makes them a table inside the item."""
    previous = ""
    for line in lines:
        if "|" in previous and is_delimiter_row(line):
            return True
        previous = line
    return False
