from __future__ import annotations

from collections.abc import Iterator

from listbot.diagnostics import Diagnostic
from listbot.rules.base import Context, Rule
from listbot.rules.common import subject


class TitleWhitespace(Rule):
    """A title link whose text starts or ends with blanks.

    Pasted titles often keep a trailing space; it shows as an underlined gap
    and hides duplicates. The fix trims it.

    Bad:
        * [2502] [On the Emergence of Thinking in LLMs I ](https://arxiv.org/abs/2502.06773)

    Good:
        * [2502] [On the Emergence of Thinking in LLMs I](https://arxiv.org/abs/2502.06773)
    """

    code = "LB306"
    name = "title-whitespace"
    summary = "a title link with leading or trailing blanks in its text"
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for entry in ctx.entries():
            link = entry.title_link
            if link is None or "\n" in link.text or link.text == link.text.strip(" \t"):
                continue
            lead = len(link.text) - len(link.text.lstrip(" \t"))
            trail = len(link.text) - len(link.text.rstrip(" \t"))
            start, end = link.text_span.start, link.text_span.end
            edits = [ctx.edit(start, start + lead, "")] if lead else []
            if trail and link.text.strip(" \t"):
                edits.append(ctx.edit(end - trail, end, ""))
            if edits:
                yield self.report(
                    ctx,
                    link.text_span,
                    "title link has blanks at its ends",
                    ctx.fix("trim it", *edits),
                    subject=subject(entry),
                )
